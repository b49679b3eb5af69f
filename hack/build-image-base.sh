#!/usr/bin/env bash
# Assembles the operator image's base (a Debian 12 JRE 17, user 185) from Debian packages, without any
# container registry, and writes it as a `docker save` tarball that Jib takes as `tar://` base image.
#
#   hack/build-image-base.sh            # prints the path of the base image tar on its last line
#   hack/build-image-base.sh --relock   # re-resolve the package closure and rewrite hack/image-base.lock
#   hack/build-image-base.sh --link F   # also make F a symlink to the tar (the image module's build does)
#
# The package closure (openjdk-17-jre-headless plus the files a JRE image needs) is pinned in
# hack/image-base.lock, one `package=version` a line. Packages are cached in ~/.cache/sluice/image/debs,
# the tarball is ~/.cache/sluice/image/jre-base-<lock hash>.tar: a second run with the same lock does nothing.
# Needs root (dpkg-deb -x keeps owners, chroot runs the image's java to build its CA keystore).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LOCK="${HACK_DIR}/image-base.lock"
CACHE="${SLUICE_CACHE}/image"
ROOTS=(openjdk-17-jre-headless base-files libc6 ca-certificates tzdata netbase)
APP_UID=185

relock() {
  local empty; empty="$(mktemp)"
  {
    echo "# Debian packages of the operator image's base, resolved from an empty system by"
    echo "# hack/build-image-base.sh --relock (roots: ${ROOTS[*]})."
    # An empty dpkg status makes apt resolve the whole closure, as for a fresh root filesystem.
    apt-get -s -q -o Dir::State::status="$empty" -o Debug::NoLocking=1 \
        install --no-install-recommends "${ROOTS[@]}" \
      | awk '$1 == "Inst" { gsub(/\(/, "", $3); print $2 "=" $3 }' | sort
  } > "$LOCK"
  rm -f "$empty"
  echo "wrote $LOCK ($(grep -vc '^#' "$LOCK") packages)" >&2
}

LINK=""
RELOCK=false
while (( $# )); do
  case "$1" in
    --relock) RELOCK=true ;;
    --link) LINK="$2"; shift ;;
    *) echo "usage: $0 [--relock] [--link FILE]" >&2; exit 2 ;;
  esac
  shift
done
if $RELOCK || [[ ! -f "$LOCK" ]]; then relock; fi

[[ $(id -u) == 0 ]] || { echo "build-image-base.sh needs root (dpkg-deb -x owners, chroot)" >&2; exit 1; }
ARCH="$(dpkg --print-architecture)"
LOCK_HASH="$(grep -v '^#' "$LOCK" | sha256sum | cut -c1-12)"
OUT="$CACHE/jre-base-$ARCH-$LOCK_HASH.tar"
finish() {
  [[ -z "$LINK" ]] || { mkdir -p "$(dirname "$LINK")"; ln -sfn "$OUT" "$LINK"; }
  echo "$OUT"
}
if [[ -f "$OUT" ]]; then
  finish
  exit 0
fi

mkdir -p "$CACHE/debs"
mapfile -t PKGS < <(grep -v '^#' "$LOCK")
missing=()
for p in "${PKGS[@]}"; do
  name="${p%%=*}" version="${p#*=}"
  # apt names files <name>_<version with : as %3a>_<arch>.deb
  compgen -G "$CACHE/debs/${name}_${version//:/%3a}_*.deb" > /dev/null || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "downloading ${#missing[@]} packages" >&2
  (cd "$CACHE/debs" && apt-get download -q -o APT::Sandbox::User=root "${missing[@]}" >&2)
fi

WORK="$(mktemp -d "$CACHE/build.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
FS="$WORK/rootfs"
mkdir -p "$FS"
for p in "${PKGS[@]}"; do
  name="${p%%=*}" version="${p#*=}"
  dpkg-deb -x "$(compgen -G "$CACHE/debs/${name}_${version//:/%3a}_*.deb" | head -1)" "$FS"
done

# What maintainer scripts would have done, limited to what a JRE process needs.
JAVA_HOME="/usr/lib/jvm/java-17-openjdk-$ARCH"
[[ -x "$FS$JAVA_HOME/bin/java" ]] || { echo "no java at $JAVA_HOME in the root filesystem" >&2; exit 1; }
ln -sf "$JAVA_HOME/bin/java" "$FS/usr/bin/java"
ln -sf /usr/share/zoneinfo/Etc/UTC "$FS/etc/localtime"
echo "Etc/UTC" > "$FS/etc/timezone"
mkdir -p "$FS/tmp" "$FS/deployments"
chmod 1777 "$FS/tmp"
cat > "$FS/etc/passwd" <<EOF
root:x:0:0:root:/root:/usr/sbin/nologin
jboss:x:$APP_UID:$APP_UID:Sluice operator:/deployments:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat > "$FS/etc/group" <<EOF
root:x:0:
jboss:x:$APP_UID:
nogroup:x:65534:
EOF
chown "$APP_UID:$APP_UID" "$FS/deployments"
# /etc/ssl/certs/*.pem and the Java keystore, as update-ca-certificates and ca-certificates-java do.
(cd "$FS/usr/share/ca-certificates" && find . -name '*.crt' | sort | sed 's|^\./||') > "$WORK/certs"
: > "$FS/etc/ssl/certs/ca-certificates.crt"
while read -r crt; do
  pem="$(basename "$crt" .crt).pem"
  ln -sf "/usr/share/ca-certificates/$crt" "$FS/etc/ssl/certs/$pem"
  cat "$FS/usr/share/ca-certificates/$crt" >> "$FS/etc/ssl/certs/ca-certificates.crt"
  echo "+/etc/ssl/certs/$pem"
done < "$WORK/certs" > "$WORK/pending"
mkdir -p "$FS/etc/ssl/certs/java"
# In a private mount and PID namespace with its own /proc, as a container runtime would run it.
mkdir -p "$FS/proc"
unshare --mount --pid --fork --mount-proc="$FS/proc" chroot "$FS" "$JAVA_HOME/bin/java" -Xmx64m -jar /usr/share/ca-certificates-java/ca-certificates-java.jar \
  -storepass changeit < "$WORK/pending" > "$WORK/cacerts.log" 2>&1 \
  || { cat "$WORK/cacerts.log" >&2; exit 1; }
[[ -s "$FS/etc/ssl/certs/java/cacerts" ]] || { echo "no Java CA keystore was written" >&2; exit 1; }
# Documentation and package metadata are not needed at run time.
rm -rf "$FS/usr/share/doc" "$FS/usr/share/man" "$FS/usr/share/info" "$FS/usr/share/lintian" "$FS/var/cache/debconf"

# One layer, reproducible: sorted, root-owned unless set otherwise, fixed mtime.
mkdir -p "$WORK/image"
tar -C "$FS" --sort=name --mtime=@0 --numeric-owner --format=posix \
    --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -cf "$WORK/image/layer.tar" .
DIFF_ID="sha256:$(sha256sum "$WORK/image/layer.tar" | cut -d' ' -f1)"
cat > "$WORK/image/config.json" <<EOF
{"architecture":"$ARCH","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"$APP_UID","WorkingDir":"/deployments",
  "Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$JAVA_HOME","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$DIFF_ID"]}}
EOF
echo '[{"Config":"config.json","RepoTags":["sluice-jre-base:17"],"Layers":["layer.tar"]}]' > "$WORK/image/manifest.json"
tar -C "$WORK/image" --sort=name --mtime=@0 --numeric-owner -cf "$OUT.partial" manifest.json config.json layer.tar
mv "$OUT.partial" "$OUT"
echo "base image: $(du -h "$OUT" | cut -f1), ${#PKGS[@]} packages" >&2
finish
