"""PDF printouts: the control table and the monthly handout (reportlab, imported lazily)."""
