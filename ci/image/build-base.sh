#!/usr/bin/env bash
# Builds the harness image's base: a minimal Java 17 runtime and nothing else, as an image
# tarball in `docker save` format that Jib takes as its base (`tar://...`). No registry and no
# Docker engine are needed:
#   1. jlink makes a runtime of just the modules the harness uses, from this machine's JDK 17;
#   2. the shared libraries `ldd` says that runtime needs are copied next to it (glibc, zlib...),
#      with the loader, CA certificates, /etc/passwd and an empty /tmp;
#   3. the folder becomes one layer, written with a config and manifest as a `docker save`
#      archive. Files are sorted, owned by root and dated 1970, so the same JDK gives the same
#      bytes (the image id does not change from build to build).
#
#   ci/image/build-base.sh [OUT.tar]      default: target/image-base/rollback-drill-jre.tar
#
# The archive is rebuilt only when its inputs changed (JDK, module list, this script). To look
# inside it with Docker: docker load -i OUT.tar && docker run --rm rollback-drill/jre:17 -version
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/target/image-base/rollback-drill-jre.tar}"
tag="${RBD_BASE_TAG:-rollback-drill/jre:17}"
say() { printf '[image] %s\n' "$*" >&2; }
die() { printf '[image] error: %s\n' "$*" >&2; exit 1; }

java_home="${RBD_IMAGE_JDK:-}"
if [ -z "$java_home" ]; then
  for j in "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 "$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"; do
    if [ -n "$j" ] && [ -x "$j/bin/jlink" ] && [ -d "$j/jmods" ] && "$j/bin/java" -version 2>&1 | grep -q 'version "17'; then
      java_home="$j"; break
    fi
  done
fi
[ -n "$java_home" ] || die "no JDK 17 with jmods found (set RBD_IMAGE_JDK); on Debian: apt-get install openjdk-17-jdk-headless"
for tool in tar sha256sum ldd; do command -v "$tool" >/dev/null || die "$tool is missing"; done

# What the harness uses (jdeps --print-module-deps on the shaded jar), plus what it loads by
# name at run time: EC ciphers for TLS to API servers, DNS, the JDK HTTP client, zip file systems.
modules="java.base,java.compiler,java.desktop,java.management,java.naming,java.rmi,java.security.jgss,java.sql,jdk.jfr,jdk.unsupported,jdk.crypto.ec,jdk.naming.dns,java.net.http,jdk.zipfs"

inputs="$( ( "$java_home/bin/java" -version 2>&1; echo "$modules $tag"; sha256sum "$here/build-base.sh" ) | sha256sum | cut -c1-16)"
if [ -f "$out" ] && [ "$(cat "$out.inputs" 2>/dev/null)" = "$inputs" ]; then
  say "base image up to date: $out"
  exit 0
fi

t0=$SECONDS
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fs="$work/rootfs"
mkdir -p "$fs/opt" "$fs/etc/ssl/certs" "$fs/tmp" "$fs/drill"

say "jlink: a Java 17 runtime of $(tr ',' '\n' <<<"$modules" | wc -l) modules from $java_home"
"$java_home/bin/jlink" --module-path "$java_home/jmods" --add-modules "$modules" \
  --output "$fs/opt/java" --strip-debug --no-man-pages --no-header-files --compress=2 >/dev/null
# Debian's JDK links its CA store out of the JDK; put the real file in.
rm -f "$fs/opt/java/lib/security/cacerts"
if [ -f /etc/ssl/certs/java/cacerts ]; then
  cp -L /etc/ssl/certs/java/cacerts "$fs/opt/java/lib/security/cacerts"
fi
[ -f /etc/ssl/certs/ca-certificates.crt ] && cp -L /etc/ssl/certs/ca-certificates.crt "$fs/etc/ssl/certs/"

# Shared libraries: what ldd reports for the launcher and every library of the runtime, copied
# to the same absolute paths (the dynamic loader finds them where the host had them). Libraries
# that are only there for desktop windows (X11, fonts, sound) are never loaded by a headless
# harness and have no dependency on this machine worth copying.
say "copying the shared libraries ldd names"
find "$fs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) \
    -not -regex '.*/lib\(awt_xawt\|jawt\|fontmanager\|jsound\|splashscreen\|lcms\|javajpeg\)\.so' -print0 \
  | xargs -0 -n1 ldd 2>/dev/null \
  | awk '/=> \// {print $3} /^[[:space:]]*\/[^ ]+ \(0x/ {print $1}' \
  | grep -v "^$work/" | sort -u >"$work/libs"   # the runtime's own libraries are already in place
# Keep this machine's layout: on merged-/usr systems /lib and /lib64 are links into /usr, and
# the loader is named by its /lib64 path in every binary.
for d in /lib /lib32 /lib64 /bin /sbin; do
  if [ -L "$d" ]; then
    mkdir -p "$fs/$(readlink "$d")"
    ln -sfn "$(readlink "$d")" "$fs$d"
  fi
done
while read -r lib; do
  [ -e "$lib" ] || continue
  mkdir -p "$fs$(dirname "$lib")"
  cp -L "$lib" "$fs$lib"
done <"$work/libs"

printf 'root:x:0:0:root:/root:/sbin/nologin\ndrill:x:1000:1000:rollback-drill:/drill:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$fs/etc/passwd"
printf 'root:x:0:\ndrill:x:1000:\nnogroup:x:65534:\n' >"$fs/etc/group"
printf 'hosts: files dns\n' >"$fs/etc/nsswitch.conf"
chmod 1777 "$fs/tmp"

# One layer, reproducible: sorted names, root-owned, epoch times.
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -C "$fs" -cf "$work/layer.tar" .
diff_id="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
cat >"$work/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"WorkingDir":"/drill","User":"1000:1000","Entrypoint":["/opt/java/bin/java"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"ci/image/build-base.sh: jlink $modules"}]}
EOF
config_id="$(sha256sum "$work/config.json" | cut -d' ' -f1)"
mkdir -p "$work/archive/$diff_id"
mv "$work/layer.tar" "$work/archive/$diff_id/layer.tar"
mv "$work/config.json" "$work/archive/$config_id.json"
printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]\n' "$config_id" "$tag" "$diff_id" \
  >"$work/archive/manifest.json"
mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/archive" -cf "$out.tmp" \
  manifest.json "$config_id.json" "$diff_id"
mv "$out.tmp" "$out"
echo "$inputs" >"$out.inputs"
say "base image $tag: $out ($(du -m "$out" | cut -f1) MB, image id sha256:${config_id:0:12}) in $((SECONDS - t0)) s"
