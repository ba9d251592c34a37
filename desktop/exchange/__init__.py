"""Files in and out: Excel/ODF workbooks, progress sheets, imports, PDFs. No views here."""
