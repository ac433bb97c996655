#!/usr/bin/env bash
# Unpacks what the laptop path's test (src/test/.../cluster/DockerLaptopIT.java) needs: a Docker
# engine new enough for Testcontainers 2 (API 1.44 or later) and an image registry on loopback.
#
# Debian bookworm's docker.io serves API 1.41, which Testcontainers 2 refuses, so the engine is
# trixie's docker.io (26.1, API 1.45), fetched with a private apt state that leaves this machine's
# sources alone; the registry is bookworm's docker-registry. Both are unpacked, not installed: no
# service, no system user, nothing replaces the local cluster's engine. The test starts its own
# engine, registry and containerd on sockets and ports of its own and stops them after.
#
#   ci/docker/install.sh     unpack into $RBD_CACHE/docker-laptop (if not there yet)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/../cluster/lib.sh"

dest="$RBD_CACHE/docker-laptop"
if [ -x "$dest/usr/sbin/dockerd" ] && [ -x "$dest/usr/bin/docker-registry" ]; then
  say "newer Docker engine and registry present in $dest ($("$dest/usr/sbin/dockerd" --version))"
  exit 0
fi
for tool in containerd ctr runc apt-get dpkg-deb; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (ci/cluster/install.sh installs docker.io, which brings containerd and runc)"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/debs"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" >"$work/trixie.list"
trixie=(-o "Dir::Etc::SourceList=$work/trixie.list" -o Dir::Etc::SourceParts=/nonexistent
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
say "fetching trixie's docker.io package index (a private apt state; this machine's sources are unchanged)"
apt-get "${trixie[@]}" update -qq >"$work/apt.log" 2>&1 || { tail -20 "$work/apt.log" >&2; die "apt-get update for trixie failed"; }
(cd "$work/debs" && apt-get "${trixie[@]}" download -qq docker.io) >>"$work/apt.log" 2>&1 \
  || { tail -20 "$work/apt.log" >&2; die "apt-get download docker.io (trixie) failed"; }
(cd "$work/debs" && { apt-get -o APT::Sandbox::User=root download -qq docker-registry 2>/dev/null \
    || { apt-get update -qq && apt-get -o APT::Sandbox::User=root download -qq docker-registry; }; }) >>"$work/apt.log" 2>&1 \
  || { tail -20 "$work/apt.log" >&2; die "apt-get download docker-registry failed"; }

rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
for deb in "$work"/debs/*.deb; do dpkg-deb -x "$deb" "$dest.tmp"; done
rm -rf "$dest" && mv "$dest.tmp" "$dest"
say "unpacked $("$dest/usr/sbin/dockerd" --version) and $("$dest/usr/bin/docker-registry" --version 2>&1 | head -1) into $dest"
