#!/bin/sh
# Adds txdose to this user's application menu, pointing at the bundle folder this script is in.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$apps"
sed "s|@BUNDLE@|$here|g" "$here/txdose.desktop" > "$apps/txdose.desktop"
echo "added $apps/txdose.desktop"
