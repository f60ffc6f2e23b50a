; Inno Setup 6 script: the Windows installer of the one-folder build in dist\swv-desktop
; (packaging\swv-desktop.spec). Per user (default, no administrator needed) or per machine
; (/ALLUSERS, or the choice in the first dialog); a start-menu entry that opens the window
; without a console; an uninstaller that removes the program folder and nothing else: the
; database, backups and logs in %LOCALAPPDATA%\SWV\swv-desktop stay where they are.
;
;   ISCC.exe /DAppVersion=0.1.0 packaging\swv-desktop.iss   ->  dist\installer\swv-desktop-setup-0.1.0.exe
;   swv-desktop-setup-0.1.0.exe /VERYSILENT /SUPPRESSMSGBOXES /CURRENTUSER   (silent install)

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1C2B7E-3A54-4C8E-9E1D-5B2A7C0D9F41}
AppName=Maatwerkbudget
AppVersion={#AppVersion}
AppVerName=Maatwerkbudget {#AppVersion}
AppPublisher=Samenwerkingsverband VO
VersionInfoVersion={#AppVersion}
VersionInfoDescription=Maatwerkbudget - installatieprogramma
; {autopf}: %LOCALAPPDATA%\Programs per user, C:\Program Files per machine (never the data folder)
DefaultDirName={autopf}\SWV\Maatwerkbudget
DefaultGroupName=Maatwerkbudget
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist\installer
OutputBaseFilename=swv-desktop-setup-{#AppVersion}
SetupIconFile=swv-desktop.ico
UninstallDisplayIcon={app}\swv-desktop-gui.exe
UninstallDisplayName=Maatwerkbudget
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "dutch"; MessagesFile: "compiler:Languages\Dutch.isl"

[Tasks]
Name: "desktopicon"; Description: "Snelkoppeling op het bureaublad"; Flags: unchecked

[Files]
Source: "..\dist\swv-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Maatwerkbudget"; Filename: "{app}\swv-desktop-gui.exe"; Comment: "Back office Maatwerkbudget"
Name: "{autodesktop}\Maatwerkbudget"; Filename: "{app}\swv-desktop-gui.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\swv-desktop-gui.exe"; Description: "Maatwerkbudget nu starten"; Flags: nowait postinstall skipifsilent

; The uninstaller removes only what [Files] installed (and a __pycache__ the program may have
; written inside its own folder), never the user's data folder.
[UninstallDelete]
Type: filesandordirs; Name: "{app}\_internal\__pycache__"
