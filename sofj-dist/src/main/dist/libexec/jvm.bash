# Sourced by both sofj launchers (./sofj in a checkout, bin/sofj in the distribution): what they
# know about the JVM they start. Defines functions and variables only; reads JAVA (the java
# command) and SOFJ_NO_CDS. Call jvm_find first. docs/startup.md says what each step saves.

# jvm_find: reads where $JAVA really is and its JDK's release file, once, with no JVM started
# (each command forked costs the launcher time too): JAVA_REAL (the binary, through symlinks),
# JAVA_RUNTIME_RELEASE (JAVA_RUNTIME_VERSION of the release file, or empty) and JAVA_FEATURE,
# the Java feature version (17, 25, ...). Only a JDK without a release file is asked for its
# version, by starting it (about 0.1 s); JAVA_FEATURE is empty if that fails too.
jvm_find() {
  local key value release version=""
  JAVA_REAL="$(readlink -f "$(type -P "$JAVA" || echo "$JAVA")" || true)"
  JAVA_RUNTIME_RELEASE=""
  release="${JAVA_REAL%/bin/*}/release"
  if [[ -f "$release" ]]; then
    while IFS='=' read -r key value || [[ -n "$key" ]]; do
      value="${value#\"}"
      value="${value%\"}"
      case "$key" in
        JAVA_VERSION) version="$value" ;;
        JAVA_RUNTIME_VERSION) JAVA_RUNTIME_RELEASE="$value" ;;
      esac
    done < "$release"
  fi
  if [[ -z "$version" ]]; then
    version="$("$JAVA" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java.specification.version = //p' || true)"
  fi
  version="${version#1.}"
  JAVA_FEATURE="${version%%[!0-9]*}"
}

# Application class-data sharing: the classes a run loads, parsed and verified once by the JVM
# into an archive (-XX:ArchiveClassesAtExit), which every later start maps instead of reading
# and verifying them again (-XX:SharedArchiveFile). One archive per JDK (its runtime version and
# directory) in the directory given; the JVM itself refuses an archive whose jars changed or that
# another JVM made, and then loads every class as usual, silently (-Xlog:cds*=off).
CDS_OPTS=()
CDS_ARCHIVE=""
CDS_MAKE=""

# newer_than FILE JAR...: whether FILE exists and is newer than every JAR
newer_than() {
  local file="$1" jar
  shift
  [[ -f "$file" ]] || return 1
  for jar in "$@"; do
    [[ "$jar" -nt "$file" ]] && return 1
  done
  return 0
}

# cds_use DIR JAR...: sets CDS_ARCHIVE to this JDK's archive in DIR, and CDS_OPTS to the options
# that map it when it is usable: complete (its size is the one recorded when it was checked)
# and newer than every JAR. Otherwise CDS_MAKE=1, unless an attempt to make it for these jars
# failed already (CDS_ARCHIVE.failed newer than every JAR: a JVM that cannot dump an archive is
# not asked again at every command) or DIR/cds cannot be written (nor the marker, so no attempt
# at all). All empty when SOFJ_NO_CDS is set or the JDK's release file has no
# JAVA_RUNTIME_VERSION.
cds_use() {
  local dir="$1" jdk size
  shift
  CDS_OPTS=()
  CDS_ARCHIVE=""
  CDS_MAKE=""
  [[ -z "${SOFJ_NO_CDS:-}" && -n "$JAVA_RUNTIME_RELEASE" ]] || return 0
  jdk="$JAVA_RUNTIME_RELEASE${JAVA_REAL%/bin/*}"
  CDS_ARCHIVE="$dir/cds/jdk-${jdk//[^A-Za-z0-9.-]/_}.jsa"
  if [[ -f "$CDS_ARCHIVE.size" ]] && newer_than "$CDS_ARCHIVE" "$@" \
      && read -r size < "$CDS_ARCHIVE.size" && [[ "$size" == "$(wc -c < "$CDS_ARCHIVE")" ]]; then
    CDS_OPTS=(-XX:SharedArchiveFile="$CDS_ARCHIVE" "-Xlog:cds*=off" -Xlog:class+path=off)
  elif ! newer_than "$CDS_ARCHIVE.failed" "$@" && mkdir -p "$dir/cds" 2>/dev/null \
      && [[ -w "$dir/cds" ]]; then
    CDS_MAKE=1
  fi
}

# cds_make CMD ARG...: makes CDS_ARCHIVE (when cds_use set CDS_MAKE) by running CMD ARG... once,
# a launcher function that starts the JVM with "${CDS_OPTS[@]}" first, with
# -XX:ArchiveClassesAtExit; then checks that the JVM maps the new archive (-Xshare:on,
# CMD --version) and only then moves it into place and records its size. A failure leaves no
# archive but CDS_ARCHIVE.failed, and returns 1.
cds_make() {
  [[ -n "$CDS_MAKE" ]] || return 0
  local tmp="$CDS_ARCHIVE.$$.tmp"
  mkdir -p "$(dirname "$CDS_ARCHIVE")"
  rm -f "$CDS_ARCHIVE" "$CDS_ARCHIVE.size" "$CDS_ARCHIVE.failed"
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
  touch "$CDS_ARCHIVE.failed"
  CDS_OPTS=()
  return 1
}
