# shellcheck shell=bash
# Sourced by the scripts in this folder (not a command of its own): finding
# the repository, the build dependencies, configuring a preset, and turning
# "5", "05" or "05_buffers_writes" into a chapter directory.
#
# The sourcing script sets PROG (e.g. "scripts/run") before sourcing this.

ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)

# Debian packages the build, the tests and the book need.
# shellcheck disable=SC2034  # used by the scripts that source this
DEPENDENCIES=(cmake ninja-build g++ doctest-dev libcli11-dev pandoc python3
              diffutils)

say() { printf '%s\n' "$*" >&2; }
die() { say "$PROG: $*"; exit 1; }
usage_error() { say "$PROG: $* (see $PROG --help)"; exit 2; }

# Prints, one per line, the packages among "$@" that dpkg does not list as
# installed.
missing_packages() {
    local installed
    installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" \
                2>/dev/null || true)
    local package
    for package in "$@"; do
        if ! awk -v p="$package" '$1 == p && $2 == "ii" { found = 1 }
                                  END { exit !found }' <<<"$installed"; then
            printf '%s\n' "$package"
        fi
    done
}

# Installs the packages among "$@" that are missing, with apt-get: directly
# as root, through sudo when it works without a password, otherwise prints
# the command to run and stops.
install_missing() {
    if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null
    then
        say "$PROG: not a Debian/Ubuntu system; make sure these are" \
            "installed: $*"
        return 0
    fi
    local missing
    mapfile -t missing < <(missing_packages "$@")
    ((${#missing[@]} == 0)) && return 0

    local sudo=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
            sudo=(sudo)
        else
            say "$PROG: missing packages: ${missing[*]}. Install them with:"
            say "    sudo apt-get update && sudo apt-get install -y" \
                "--no-install-recommends ${missing[*]}"
            exit 1
        fi
    fi
    say "==> installing ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configures build/PRESET unless it is already configured; after that, the
# build itself re-runs CMake whenever a CMakeLists.txt changes.
ensure_configured() {
    local preset=$1
    if [[ -f $ROOT/build/$preset/CMakeCache.txt &&
          -f $ROOT/build/$preset/build.ninja ]]; then
        return 0
    fi
    say "==> configuring build/$preset"
    (cd "$ROOT" && cmake --preset "$preset")
}

# The chapter directories (names only), in order.
chapter_names() {
    local dir
    for dir in "$ROOT"/chapters/[0-9][0-9]_*/; do
        [[ -d $dir ]] || continue
        dir=${dir%/}
        printf '%s\n' "${dir##*/}"
    done
}

# Prints the chapter directory name that ARG names ("5", "05",
# "05_buffers_writes", "chapters/05_buffers_writes/"); on an unknown chapter,
# says so with the list of chapters and exits 2.
resolve_chapter() {
    local arg=$1 name
    arg=${arg#./}
    arg=${arg#chapters/}
    arg=${arg%/}
    local chapters
    mapfile -t chapters < <(chapter_names)
    if [[ $arg =~ ^[0-9]+$ ]]; then
        local number
        number=$(printf '%02d' "$((10#$arg))")
        for name in "${chapters[@]}"; do
            [[ $name == "${number}_"* ]] && { printf '%s\n' "$name"; return; }
        done
    else
        for name in "${chapters[@]}"; do
            [[ $name == "$arg" ]] && { printf '%s\n' "$name"; return; }
        done
    fi
    if ((${#chapters[@]} == 0)); then
        usage_error "no chapter '$1': there are no chapters yet"
    fi
    usage_error "no chapter '$1'; the chapters are: ${chapters[*]}"
}

# Prints the chapter that comes before chapter NAME, or nothing for the first.
previous_chapter() {
    local previous="" name
    while read -r name; do
        [[ $name == "$1" ]] && break
        previous=$name
    done < <(chapter_names)
    [[ -n $previous ]] && printf '%s\n' "$previous"
    return 0
}
