#!/usr/bin/env bash
# Installs, on Debian/Ubuntu only and only when missing, the system libraries Qt needs,
# a Traditional Chinese font for the window (Noto Sans CJK TC) and a TrueType one that
# reportlab can embed in PDFs (AR PL UMing TW). Elsewhere it does nothing.
set -eu
[ -f /etc/debian_version ] || exit 0
command -v dpkg-query >/dev/null || exit 0
pkgs="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfontconfig1 libdbus-1-3
libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
libxcb-render-util0 libxcb-shape0 libxcb-xkb1
fonts-noto-cjk fonts-arphic-uming poppler-utils"
# Debian's own python3 makes virtual environments only with python3-venv installed.
if ! ${PYTHON:-python3} -c "import ensurepip, venv" >/dev/null 2>&1; then
  pkgs="$pkgs python3-venv"
fi
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "安裝系統套件：$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends $missing
