# Sourced by run-local.sh and .ci/run: makes JAVA_HOME a JDK 21 or newer.
# Keeps a JAVA_HOME or default java that is new enough; otherwise takes the newest JDK under /usr/lib/jvm.

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

select_java_home() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ "${major:-0}" -ge 21 ]; then return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    major=$(java_major java)
    if [ "${major:-0}" -ge 21 ]; then
      JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
      export JAVA_HOME
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*/; do
    candidate=${candidate%/}
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ "${major:-0}" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  if [ "$best_major" -ge 21 ]; then
    export JAVA_HOME=$best
    return 0
  fi
  echo "Agent Platform needs a JDK 21 or newer; none found (set JAVA_HOME)." >&2
  return 1
}

select_java_home
export PATH="$JAVA_HOME/bin:$PATH"
