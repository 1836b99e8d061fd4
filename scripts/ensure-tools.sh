#!/usr/bin/env bash
# Tools the test suite compares bootplan against, installed from Debian's archive when missing:
# GNU cpio (the initrd reader is checked against archives it writes), gcc and binutils (the
# headers `emit c` writes are compiled and the object's sections read with nm), make and ninja (they
# read the depfiles), chromium (the HTML report of `bootplan analyze` is tested in it, headless,
# through playwright-core); those tests fail without them, they do not skip.
set -u
for tool in gcc:gcc nm:binutils make:make ninja:ninja-build; do
  if ! command -v "${tool%%:*}" >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${tool#*:} for the emit c tests (apt-get)"
    apt-get install -y -q "${tool#*:}" >/dev/null 2>&1 || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q "${tool#*:}" >/dev/null 2>&1; } \
      || echo "error: could not install ${tool#*:}; the emit c tests will fail"
  fi
done
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
