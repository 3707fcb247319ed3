# shellcheck shell=bash
# Elasticsearch distribution: which version, where to get it, which JDK runs it.
#
# Sourced by scripts/services.sh after common.sh.

ES_DIR="$KB_STATE/elasticsearch"
ES_CACHE_DIR="$KB_CACHE/elasticsearch"

# The version is pinned once, in docker-compose.yml's image tag, so the local
# node can never drift from production.
es_version() {
    grep -oE 'docker\.elastic\.co/elasticsearch/elasticsearch:[0-9]+\.[0-9]+\.[0-9]+' \
        "$KB_ROOT/docker-compose.yml" | head -n 1 | cut -d: -f2 | grep . ||
        die "elasticsearch: no pinned elasticsearch image in docker-compose.yml"
}

es_home() {
    printf '%s/elasticsearch-%s\n' "$ES_DIR" "$(es_version)"
}

es_zip() {
    printf '%s/elasticsearch-%s.zip\n' "$ES_CACHE_DIR" "$(es_version)"
}

# The integ-test zip is the only Elasticsearch build on Maven Central. It has
# no bundled JDK and only core modules (no analysis-common), which is enough
# for the hunspell filter and for tests.
es_fetch() {
    local zip tmp
    zip="$(es_zip)"
    if [[ -f "$zip" ]]; then
        say "elasticsearch: using cached $(basename "$zip")"
        return 0
    fi
    say "elasticsearch: fetching $(es_version) from Maven Central"
    mkdir -p "$ES_CACHE_DIR"
    # Download beside the cache and move into place only once the zip tests
    # whole, so an interrupted or corrupt fetch is never trusted by later runs.
    # (The test is needed: Central serves no checksum files for this artifact.)
    tmp="$(mktemp -d "$ES_CACHE_DIR/fetch.XXXXXX")"
    mvn -B -q -Dstyle.color=never dependency:copy \
        -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$(es_version):zip" \
        -DoutputDirectory="$tmp" || { rm -rf "$tmp"; die "elasticsearch: download failed"; }
    unzip -tq "$tmp/$(basename "$zip")" >/dev/null ||
        { rm -rf "$tmp"; die "elasticsearch: downloaded zip is corrupt"; }
    mv "$tmp/$(basename "$zip")" "$zip"
    rm -rf "$tmp"
}

es_unpack() {
    local home tmp
    home="$(es_home)"
    if [[ -x "$home/bin/elasticsearch" ]]; then
        say "elasticsearch: $(es_version) already unpacked"
        return 0
    fi
    mkdir -p "$ES_DIR"
    tmp="$(mktemp -d "$ES_DIR/unpack.XXXXXX")"
    unzip -q "$(es_zip)" -d "$tmp"
    mv "$tmp/$(basename "$home")" "$home"
    rm -rf "$tmp"
    say "elasticsearch: unpacked $(es_version) into $home"
}

# Elasticsearch 9 needs Java 21 or later, while Debian 12's default is 17.
# ES_JAVA_HOME from the environment wins; otherwise the newest JDK >= 21 under
# /usr/lib/jvm (such as a Temurin JDK).
es_java_home() {
    if [[ -n "${ES_JAVA_HOME:-}" ]]; then
        printf '%s\n' "$ES_JAVA_HOME"
        return 0
    fi
    local jdk major best="" best_major=0
    for jdk in /usr/lib/jvm/*; do
        [[ -x "$jdk/bin/java" && -f "$jdk/release" ]] || continue
        major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")"
        if [[ -n "$major" ]] && ((major >= 21 && major > best_major)); then
            best="$jdk" best_major="$major"
        fi
    done
    [[ -n "$best" ]] || die "elasticsearch: needs a JDK >= 21 in /usr/lib/jvm (or set ES_JAVA_HOME)"
    printf '%s\n' "$best"
}
