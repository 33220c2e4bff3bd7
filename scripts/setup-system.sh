#!/bin/sh
# Installs what the browser tests and the report charts need from Debian's packages, when it
# is missing and can be installed (root on Debian): chromium (driven by Playwright, never
# downloaded by it) and fonts-noto-cjk (Chinese text in charts and screenshots). Elsewhere it
# says what is missing; the tests that need it then skip, saying why.
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need="$need fonts-noto-cjk"
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装系统软件包：$need" >&2
  apt-get update -qq >/dev/null 2>&1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null 2>&1 \
    || echo "未能安装$need：浏览器与中文图表的测试将跳过" >&2
else
  echo "缺少$need（需以 root 在 Debian 上安装）：浏览器与中文图表的测试将跳过" >&2
fi
exit 0
