#!/usr/bin/env bash
# Tools the test suite compares bootplan against, installed from Debian's archive when missing:
# GNU cpio (the initrd reader is checked against archives it writes) and chromium (the HTML
# report of `bootplan analyze` is tested in it, headless, through playwright-core).
set -u
if ! command -v cpio >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing GNU cpio for the initrd tests (apt-get)"
    (apt-get install -y -q cpio >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q cpio >/dev/null 2>&1; }) \
      || echo "warning: could not install cpio; the GNU cpio comparison tests will be skipped"
  else
    echo "warning: GNU cpio is not installed; the GNU cpio comparison tests will be skipped"
  fi
fi
if ! [ -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium for the HTML report's browser test (apt-get)"
    (apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1; }) \
      || echo "warning: could not install chromium; the browser test of the HTML report will be skipped (it fails under CI)"
  else
    echo "warning: chromium is not installed; the browser test of the HTML report will be skipped"
  fi
fi
exit 0
