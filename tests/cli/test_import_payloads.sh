#!/usr/bin/env bash
# clout import on payload kinds beyond profiles and posts: YouTube comment threads, Instagram pages
# that name their owner only in paging URLs, mentioned media; every other resource kind refused by
# name (exit 65, store unchanged); a guessed format named when the file fails; accounts counted once.
. "$(dirname "$0")/lib.sh"
set -e
LOCAL=${CLOUT_SOURCE:?}/tests/fixtures/import
q() { db_query "$CLOUT_DB" "$1"; }
counts() { q "select (select count(*) from account)||' '||(select count(*) from post)||' '||(select count(*) from edge)"; }

# YouTube commentThreads.list: comments are replies by the commenter's channel, threaded
expect_status 0 "$CLOUT" import --no-index -o json "$LOCAL/youtube_comment_threads.json" "$LOCAL/youtube_comments.json"
expect_eq "$(json_get "$OUT" 'str(j["posts"]) + " " + str(j["accounts"])')" "5 4" "5 comments by 4 channels"
expect_eq "$(q "select a.handle||' '||p.likes||' '||p.comments||' '||p.parent_ext_id from post p join account a on a.id=p.account_id where p.ext_id='UgzR4nT1cK2mYp7vQ3x4AaABAg'")" \
  "sarahbakes 42 2 Kq8vT2mN4pL" "top-level comment: author handle, likes, reply count, the video as parent"
expect_eq "$(q "select p.parent_ext_id||' '||pa.handle from post p join account pa on pa.id=p.parent_account_id where p.ext_id='UgzR4nT1cK2mYp7vQ3x4AaABAg.A0bC1dE2fG4'")" \
  "UgzR4nT1cK2mYp7vQ3x4AaABAg sarahbakes" "a reply threads under the top-level comment"
expect_eq "$(q "select name from account where ext_id='UCtomBecker2222222222222'")" "Tom Becker" "display name kept"
first=$(counts)

# other YouTube kinds and Graph API resources are refused by name, never imported as nothing
expect_status 65 "$CLOUT" import --no-index "$LOCAL/youtube_playlist_items.json"
expect_contains "$ERR" "youtube#playlistItemListResponse is not supported yet" "playlist items refused by name"
expect_status 65 "$CLOUT" import --no-index "$LOCAL/instagram_comments.json"
expect_contains "$ERR" "an instagram comments page is not supported yet" "instagram comments refused by name"
expect_status 65 "$CLOUT" import --no-index "$LOCAL/tiktok_comments.json"
expect_contains "$ERR" "data.comments is not supported yet" "tiktok comments refused by name"
expect_eq "$(counts)" "$first" "refusals leave the store unchanged"

# Instagram: a /{ig-user-id}/media page takes its owner from paging.next
expect_status 0 "$CLOUT" import --no-index -o json "$LOCAL/instagram_user_media_page.json"
expect_eq "$(q "select count(*) from post p join account a on a.id=p.account_id where a.ext_id='17841400000000001'")" "2" "owner from paging.next"
# a /tags page or a page without paging URL says why it names no owner
expect_status 65 "$CLOUT" import --no-index "$LOCAL/instagram_tags_page.json"
expect_contains "$ERR" "tags page: media in which account 17841400000000001 is tagged belong to the accounts that tagged it" "tags page explained"
expect_status 65 "$CLOUT" import --no-index "$LOCAL/instagram_media_no_paging.json"
expect_contains "$ERR" "no paging.next or paging.previous URL" "no paging URL explained"
# mentioned_media: a post of its owner with a mention edge to the account mentioned
expect_status 0 "$CLOUT" import --no-index "$LOCAL/instagram_mentioned_media_owner.json"
expect_eq "$(q "select a.handle||' '||p.likes from post p join account a on a.id=p.account_id where p.ext_id='17900000000000402'")" "ana.bakes 120" "mentioned media imported"
expect_eq "$(q "select count(*) from edge e join account s on s.id=e.src join account d on d.id=e.dst where s.ext_id='17841400000000777' and d.ext_id='17841400000000001' and e.kind='mention'")" "1" "mention edge to the account mentioned"
expect_status 65 "$CLOUT" import --no-index "$LOCAL/instagram_mentioned_media.json"
expect_contains "$ERR" "17841400000000001 is the account it mentions, not the owner" "mentioned media without owner explained"
expect_status 0 "$CLOUT" import --no-index --author 17841400000000009 "$LOCAL/instagram_mentioned_media.json"

# a guessed format that fails says which format was guessed and why
printf 'hello world\nthis is not an edge list\n' > "$SCRATCH/hello.txt"
expect_status 65 "$CLOUT" import --no-index "$SCRATCH/hello.txt"
expect_contains "$ERR" "hello.txt:2:" "line named"
expect_contains "$ERR" "format guessed: an edge list" "guess named"
expect_contains "$ERR" "name the format with --from" "way out named"

# accounts are counted once: 30 generated accounts with a history of snapshots each
"$CLOUT" gen --accounts 30 --seed 3 --out "$SCRATCH/gen" -q
expect_status 0 "$CLOUT" import --no-index -o json --db "$SCRATCH/gen.db" "$SCRATCH/gen/accounts.jsonl"
expect_eq "$(json_get "$OUT" 'j["accounts"]')" "30" "30 accounts, not their snapshots"
expect_eq "$(json_get "$OUT" 'j["account_snapshots"] > 30')" "True" "snapshots counted apart"
expect_status 0 "$CLOUT" import --no-index -o table --db "$SCRATCH/gen2.db" "$SCRATCH/gen/accounts.jsonl"
expect_contains "$OUT" "30 records, 30 accounts (" "table says 30 accounts"
finish
