/*
 * gen_tweets.c: writes X/Twitter API v2-like tweets, one flat tweet per line (JSON lines), to stdout
 * until at least the given number of bytes: ids as big decimal strings, author_id drawn from a
 * skewed population of authors, created_at, lang, text with mentions and hashtags, public_metrics,
 * entities (mentions with ids, hashtags, urls), some replies and retweets. Deterministic: the same
 * seed gives the same bytes.
 *
 *   gen_tweets BYTES [SEED] > tweets.jsonl
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void)
{
	/* xorshift64* */
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 2685821657736338717ull;
}

static uint64_t below(uint64_t n)
{
	return next() % n;
}

static const char *const words[] = {
	"coffee", "morning", "great", "launch", "today", "new", "love", "this", "recipe", "knife", "kitchen",
	"match", "goal", "team", "music", "album", "live", "tour", "deal", "price", "review", "unboxing",
	"travel", "paris", "beach", "summer", "workout", "run", "yoga", "health", "tech", "phone", "update",
	"release", "bug", "fix", "open", "source", "community", "thanks", "amazing", "bad", "worst", "best",
	"quick", "tips", "how", "why", "what", "we", "you", "they", "are", "is", "the", "a", "of", "and",
};
static const char *const langs[] = { "en", "en", "en", "en", "fr", "es", "de", "pt", "ja", "und" };
static const char *const tags[] = { "acme", "cooking", "ad", "tech", "football", "music", "travel", "fitness" };

#define NAUTHORS 2000000u

/* a skewed author: small ids are much more frequent */
static uint64_t author(void)
{
	uint64_t r = below(NAUTHORS);
	return 1000000000ull + (r * r) / NAUTHORS;
}

int main(int argc, char **argv)
{
	unsigned long long target = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000000ull;
	unsigned long long written = 0;
	uint64_t id = 1500000000000000000ull;
	int64_t t = 1640995200; /* 2022-01-01 */
	static char text[1024], ents[2048], line[8192];
	state = argc > 2 ? strtoull(argv[2], NULL, 10) * 0x9E3779B97F4A7C15ull + 1 : 0x12345678ull;
	while (written < target) {
		uint64_t a = author(), m = author();
		unsigned nwords = 6 + (unsigned)below(30), tlen = 0;
		int kind = (int)below(10); /* 0-1 retweet, 2-3 reply, else original */
		char refs[256] = "";
		uint64_t likes = below(8) ? below(50) : below(100000), rts = below(4) ? below(10) : below(20000);
		id += 1 + below(1000000);
		t += (int64_t)below(3);
		tlen += (unsigned)snprintf(text + tlen, sizeof(text) - tlen, "%s@user%" PRIu64 " ", kind < 2 ? "RT " : "", m);
		for (unsigned i = 0; i < nwords && tlen < 700; i++)
			tlen += (unsigned)snprintf(text + tlen, sizeof(text) - tlen, "%s%s", i ? " " : "", words[below(sizeof(words) / sizeof(words[0]))]);
		const char *tag = tags[below(sizeof(tags) / sizeof(tags[0]))];
		tlen += (unsigned)snprintf(text + tlen, sizeof(text) - tlen, " #%s https://t.co/%08" PRIx64, tag, next() & 0xffffffffu);
		snprintf(ents, sizeof(ents),
			"{\"mentions\":[{\"start\":%d,\"end\":%d,\"username\":\"user%" PRIu64 "\",\"id\":\"%" PRIu64 "\"}],"
			"\"hashtags\":[{\"start\":%u,\"end\":%u,\"tag\":\"%s\"}],"
			"\"urls\":[{\"start\":%u,\"end\":%u,\"url\":\"https://t.co/x\",\"expanded_url\":\"https://example.com/p/%" PRIu64 "\",\"display_url\":\"example.com/p\"}]}",
			kind < 2 ? 3 : 0, kind < 2 ? 14 : 11, m, m, tlen - 33, tlen - 24, tag, tlen - 23, tlen, next() % 100000);
		if (kind < 2)
			snprintf(refs, sizeof(refs), "\"referenced_tweets\":[{\"type\":\"retweeted\",\"id\":\"%" PRIu64 "\"}],",
				id - 1 - below(1000000));
		else if (kind < 4)
			snprintf(refs, sizeof(refs),
				"\"referenced_tweets\":[{\"type\":\"replied_to\",\"id\":\"%" PRIu64 "\"}],\"in_reply_to_user_id\":\"%" PRIu64 "\",",
				id - 1 - below(1000000), m);
		int64_t days = t / 86400, rem = t % 86400;
		/* civil from days (1970-01-01 based) */
		int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
		int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365, y = yoe + era * 400;
		int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
		int64_t d = doy - (153 * mp + 2) / 5 + 1, mo = mp < 10 ? mp + 3 : mp - 9;
		y += mo <= 2;
		int n = snprintf(line, sizeof(line),
			"{\"id\":\"%" PRIu64 "\",\"author_id\":\"%" PRIu64 "\",\"conversation_id\":\"%" PRIu64 "\","
			"\"created_at\":\"%04d-%02d-%02dT%02d:%02d:%02d.000Z\",\"lang\":\"%s\",%s"
			"\"text\":\"%s\",\"possibly_sensitive\":false,\"reply_settings\":\"everyone\",\"source\":\"Twitter for iPhone\","
			"\"public_metrics\":{\"retweet_count\":%" PRIu64 ",\"reply_count\":%" PRIu64 ",\"like_count\":%" PRIu64
			",\"quote_count\":%" PRIu64 ",\"bookmark_count\":%" PRIu64 ",\"impression_count\":%" PRIu64 "},"
			"\"entities\":%s,\"edit_history_tweet_ids\":[\"%" PRIu64 "\"]}\n",
			id, a, id, (int)y, (int)mo, (int)d, (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60),
			langs[below(sizeof(langs) / sizeof(langs[0]))], refs, text, rts, below(20), likes, below(5), below(30),
			likes * (10 + below(90)), ents, id);
		fwrite(line, 1, (size_t)n, stdout);
		written += (unsigned long long)n;
	}
	return 0;
}
