# Sourced by both sofj launchers (./sofj in a checkout, bin/sofj in the distribution): what they
# know about the JVM they start. Defines functions and CDS_OPTS only; reads JAVA (the java
# command) and SOFJ_NO_CDS. docs/startup.md says what each step saves.

# The JDK's release file beside $JAVA (through symlinks), or nothing.
jvm_release() {
  local bin
  bin="$(command -v "$JAVA" 2>/dev/null)" || return 0
  bin="$(readlink -f "$bin")"
  [[ -f "${bin%/bin/*}/release" ]] && echo "${bin%/bin/*}/release"
  return 0
}

# The Java feature version of $JAVA (17, 25, ...), from its JDK's release file when it has one:
# asking the JVM instead starts one more JVM, about 0.1 s of every command. Empty if neither
# the file nor the JVM tells.
jvm_feature() {
  local release v=""
  release="$(jvm_release)"
  if [[ -n "$release" ]]; then
    v="$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$release")"
  fi
  if [[ -z "$v" ]]; then
    v="$("$JAVA" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java.specification.version = //p')"
  fi
  v="${v#1.}"
  echo "${v%%[!0-9]*}"
}

# Application class-data sharing: the classes a run loads, parsed and verified once by the JVM
# into an archive (-XX:ArchiveClassesAtExit), which every later start maps instead of reading
# and verifying them again (-XX:SharedArchiveFile). One archive per JDK (its path and release
# file) in the directory given; the JVM itself refuses an archive whose jars changed or that
# another JVM made, and then loads every class as usual, silently (-Xlog:cds*=off).
CDS_OPTS=()
CDS_ARCHIVE=""

# cds_use DIR JAR...: sets CDS_ARCHIVE to this JDK's archive in DIR, and CDS_OPTS to the options
# that map it when it is usable: complete (its size is the one recorded when it was checked)
# and newer than every JAR. Empty when SOFJ_NO_CDS is set or the JDK has no release file.
cds_use() {
  local dir="$1" release sum size jar
  shift
  CDS_OPTS=()
  CDS_ARCHIVE=""
  release="$(jvm_release)"
  [[ -z "${SOFJ_NO_CDS:-}" && -n "$release" ]] || return 0
  sum="$( { readlink -f "$(command -v "$JAVA")"; cat "$release"; } | cksum)"
  CDS_ARCHIVE="$dir/cds/jdk-${sum%% *}.jsa"
  [[ -f "$CDS_ARCHIVE" && -f "$CDS_ARCHIVE.size" ]] || return 0
  read -r size < "$CDS_ARCHIVE.size" || return 0
  [[ "$size" == "$(wc -c < "$CDS_ARCHIVE")" ]] || return 0
  for jar in "$@"; do
    [[ "$jar" -nt "$CDS_ARCHIVE" ]] && return 0
  done
  CDS_OPTS=(-XX:SharedArchiveFile="$CDS_ARCHIVE" "-Xlog:cds*=off" -Xlog:class+path=off)
}

# cds_make CMD ARG...: makes CDS_ARCHIVE (after cds_use) by running CMD ARG... once, a launcher
# function that starts the JVM with "${CDS_OPTS[@]}" first, with -XX:ArchiveClassesAtExit; then
# checks that the JVM maps the new archive (-Xshare:on, CMD --version) and only then moves it
# into place and records its size. Any failure leaves no archive and says nothing.
cds_make() {
  [[ -n "$CDS_ARCHIVE" && -z "${CDS_OPTS[*]}" ]] || return 0
  local tmp="$CDS_ARCHIVE.$$.tmp"
  mkdir -p "$(dirname "$CDS_ARCHIVE")"
  rm -f "$CDS_ARCHIVE" "$CDS_ARCHIVE.size"
  CDS_OPTS=(-XX:ArchiveClassesAtExit="$tmp" "-Xlog:cds*=off" -Xlog:class+path=off)
  if "$@" >/dev/null 2>&1 && [[ -s "$tmp" ]]; then
    CDS_OPTS=(-Xshare:on -XX:SharedArchiveFile="$tmp" "-Xlog:cds*=off" -Xlog:class+path=off)
    if "$1" --version >/dev/null 2>&1; then
      wc -c < "$tmp" | tr -d ' ' > "$CDS_ARCHIVE.size"
      mv -f "$tmp" "$CDS_ARCHIVE"
      CDS_OPTS=(-XX:SharedArchiveFile="$CDS_ARCHIVE" "-Xlog:cds*=off" -Xlog:class+path=off)
      return 0
    fi
  fi
  rm -f "$tmp" "$CDS_ARCHIVE.size"
  CDS_OPTS=()
}
