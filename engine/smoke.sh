#!/usr/bin/env bash
# Checks that the node at $OPENSEARCH_URL (default http://127.0.0.1:9200) does what Zhinan's
# search needs: its three modules, whitespace analysis with analysis-common filters on Chinese text
# pre-segmented by spaces, match + highlight + a terms facet, a Painless script, an alias swap.
# Works in its own indices (removed at the end), so it can run against a node in use.
set -uo pipefail

URL="${OPENSEARCH_URL:-http://127.0.0.1:9200}"
PREFIX="zhinan-smoke-$$"
passed=0 failed=0

req() { curl -s --max-time 30 -H 'Content-Type: application/json' -X "$1" "$URL$2" ${3:+-d "$3"}; }

# check NAME EXPECTED RESPONSE: RESPONSE (compact JSON) must contain EXPECTED.
check() {
  if [[ "$3" == *"$2"* ]]; then
    passed=$((passed + 1)); echo "ok   $1"
  else
    failed=$((failed + 1)); echo "FAIL $1: expected $2 in: ${3:0:400}"
  fi
}

trap 'req DELETE "/$PREFIX-*" >/dev/null' EXIT

# The root endpoint pretty-prints whatever is asked, hence the tr.
check "node answers as OpenSearch 2.19" '"number":"2.19.' "$(req GET '/?filter_path=version.number' | tr -d ' \n')"
plugins="$(req GET '/_cat/plugins?h=component')"
for plugin in Netty4Plugin CommonAnalysisPlugin PainlessPlugin; do
  check "module $plugin loaded" "$plugin" "$plugins"
done

check "index with whitespace analysis is created" '"acknowledged":true' "$(req PUT "/$PREFIX-v1" '{
  "settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": {
    "filter": {"zh_synonyms": {"type": "synonym_graph", "synonyms": ["营业执照, 执照"]},
               "zh_stop": {"type": "stop", "stopwords": ["需要", "和"]}},
    "analyzer": {"zh": {"tokenizer": "whitespace", "filter": ["cjk_width", "lowercase", "zh_stop"]},
                 "zh_search": {"tokenizer": "whitespace",
                               "filter": ["cjk_width", "lowercase", "zh_stop", "zh_synonyms"]}}}},
  "mappings": {"properties": {
    "title": {"type": "text", "analyzer": "zh", "search_analyzer": "zh_search"},
    "body": {"type": "text", "analyzer": "zh", "search_analyzer": "zh_search"},
    "department": {"type": "keyword"}, "visits": {"type": "integer"}}}}')"

check "analysis-common filters apply (stop word dropped, full-width folded)" \
  '"tokens":[{"token":"办理"},{"token":"营业执照"},{"token":"abc"}]' \
  "$(req POST "/$PREFIX-v1/_analyze?filter_path=tokens.token" '{"analyzer": "zh", "text": "办理 营业执照 需要 ＡＢＣ"}')"

req PUT "/$PREFIX-v1/_doc/1" '{"title": "办理 营业执照", "body": "办理 营业执照 需要 身份证 和 经营场所 证明",
  "department": "市场监管局", "visits": 1}' >/dev/null
req PUT "/$PREFIX-v1/_doc/2?refresh=true" '{"title": "申领 居民 身份证", "body": "申领 居民 身份证 需要 户口簿",
  "department": "公安局", "visits": 5}' >/dev/null

found="$(req POST "/$PREFIX-v1/_search?filter_path=hits.hits._id,hits.hits.highlight,aggregations.dept.buckets" '{
  "query": {"match": {"body": "执照"}},
  "highlight": {"fields": {"body": {}}, "pre_tags": ["<mark>"], "post_tags": ["</mark>"]},
  "aggs": {"dept": {"terms": {"field": "department"}}}}')"
check "a synonym finds the guide" '"_id":"1"' "$found"
check "the match is highlighted" '办理 <mark>营业执照</mark> 需要' "$found"
check "the terms facet counts the department" '"key":"市场监管局","doc_count":1' "$found"

check "a Painless script scores by visits" '"hits":[{"_id":"2"},{"_id":"1"}]' \
  "$(req POST "/$PREFIX-v1/_search?filter_path=hits.hits._id" '{"query": {"script_score": {
    "query": {"match": {"body": "身份证"}}, "script": {"source": "doc[\"visits\"].value"}}}}')"

req PUT "/$PREFIX-v2" '{"settings": {"number_of_shards": 1, "number_of_replicas": 0}}' >/dev/null
req PUT "/$PREFIX-v2/_doc/9?refresh=true" '{"title": "新 索引"}' >/dev/null
req POST /_aliases "{\"actions\": [{\"add\": {\"index\": \"$PREFIX-v1\", \"alias\": \"$PREFIX\"}}]}" >/dev/null
check "the alias reads the old index" '"count":2' "$(req GET "/$PREFIX/_count")"
check "remove + add swap the alias in one request" '"acknowledged":true' "$(req POST /_aliases "{\"actions\": [
  {\"remove\": {\"index\": \"$PREFIX-v1\", \"alias\": \"$PREFIX\"}},
  {\"add\": {\"index\": \"$PREFIX-v2\", \"alias\": \"$PREFIX\"}}]}")"
check "the alias reads the new index" '"count":1' "$(req GET "/$PREFIX/_count")"

echo "smoke: $passed passed, $failed failed"
[ "$failed" = 0 ]
