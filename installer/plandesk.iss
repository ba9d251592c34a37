; Inno Setup script for PlanDesk 期程管制 (Windows). Build dist\PlanDesk with
; `python installer\build.py` first (it also fills AppVersion below from pyproject.toml),
; then compile this file with ISCC.
; Installs per user (no administrator rights needed on an office PC).

#define AppVersion "0.1.0"

[Setup]
AppId={{6A1F3C52-7D0B-4E59-9C59-2B4F0E8A9D11}
AppName=PlanDesk 期程管制
AppVersion={#AppVersion}
AppPublisher=PlanDesk
DefaultDirName={localappdata}\Programs\PlanDesk
DefaultGroupName=PlanDesk 期程管制
PrivilegesRequired=lowest
OutputBaseFilename=PlanDesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
SetupIconFile=..\resources\plandesk.ico
UninstallDisplayIcon={app}\PlanDesk.exe
UninstallDisplayName=PlanDesk 期程管制
OutputDir=..\dist

[Languages]
Name: "zhtw"; MessagesFile: "compiler:Languages\ChineseTraditional.isl"

[Files]
Source: "..\dist\PlanDesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\PlanDesk 期程管制"; Filename: "{app}\PlanDesk.exe"
Name: "{group}\解除安裝 PlanDesk"; Filename: "{uninstallexe}"
Name: "{userdesktop}\PlanDesk 期程管制"; Filename: "{app}\PlanDesk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "建立桌面捷徑"; GroupDescription: "其他工作："

[UninstallDelete]
; the program folder only: the database and backups in the user data folder are kept
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Run]
Filename: "{app}\PlanDesk.exe"; Description: "啟動 PlanDesk"; Flags: nowait postinstall skipifsilent
