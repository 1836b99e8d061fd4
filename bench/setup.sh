#!/bin/sh
# Installs the peer tools `npm run bench` compares bootplan with, when they are missing:
# systemd-analyze (Debian package `systemd`) and dinit-check / dinitcheck (package `dinit`).
# run.mjs calls this only when a tool is missing. Needs root and apt-get (Debian). Prints one line
# per tool it could not provide: `TOOL: unavailable: REASON`; run.mjs shows that reason.
set -u
have() { command -v "$1" >/dev/null 2>&1; }

missing=""
have systemd-analyze || missing="$missing systemd"
have dinit-check || have dinitcheck || missing="$missing dinit"
[ -z "$missing" ] && exit 0

if ! have apt-get; then
  for pkg in $missing; do echo "$pkg: unavailable: no apt-get on this machine (install it by hand)"; done
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  for pkg in $missing; do echo "$pkg: unavailable: not root, cannot apt-get install $pkg"; done
  exit 0
fi

candidate() { apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }'; }
# `apt-get update` at most once a day: a package Debian does not have (dinit) stays missing, and
# the bench must not go to the network on every run to learn that again.
stamp="$(dirname "$0")/out/.apt-updated"
updated=no
if [ -f "$stamp" ] && [ -n "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then updated=yes; fi
for pkg in $missing; do
  c=$(candidate "$pkg")
  if [ -z "$c" ] || [ "$c" = "(none)" ]; then
    if [ "$updated" = no ]; then
      apt-get update -qq >/dev/null 2>&1 && mkdir -p "$(dirname "$stamp")" && touch "$stamp"
      updated=yes
    fi
    c=$(candidate "$pkg")
  fi
  if [ -z "$c" ] || [ "$c" = "(none)" ]; then
    . /etc/os-release 2>/dev/null || true
    echo "$pkg: unavailable: no package '$pkg' in the configured Debian archive (${PRETTY_NAME:-unknown release})"
    continue
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1; then
    echo "$pkg: unavailable: apt-get install $pkg ($c) failed"
  fi
done
exit 0
