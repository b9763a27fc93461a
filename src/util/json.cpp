// json.cpp: the C adapter over simdjson's DOM API (see json.h). The only C++ in clout: it keeps
// simdjson's types out of every other file by copying its trivially-copyable value and iterator
// objects into opaque byte slots.
#include <cstring>
#include <new>
#include <string>
#include <type_traits>

#include <simdjson.h>

#include "util/json.h"

using simdjson::dom::element;
using simdjson::dom::element_type;

static_assert(sizeof(element) <= sizeof(clout_jv), "clout_jv too small");
static_assert(std::is_trivially_copyable<element>::value, "element must be copyable");
static_assert(sizeof(simdjson::dom::array::iterator) + 8 <= sizeof(clout_json_iter), "iter too small");
static_assert(sizeof(simdjson::dom::object::iterator) + 8 <= sizeof(clout_json_iter), "iter too small");
static_assert(CLOUT_JSON_PADDING >= simdjson::SIMDJSON_PADDING, "padding too small");

struct clout_json_parser {
	simdjson::dom::parser parser;
	explicit clout_json_parser(size_t max) : parser(max) {}
};

struct iter_slot {
	unsigned char kind; // 0 empty, 1 array, 2 object
	unsigned char pad[7];
	unsigned char it[sizeof(clout_json_iter) - 8];
};

static element load(const clout_jv *v)
{
	element e;
	std::memcpy(static_cast<void *>(&e), v->opaque, sizeof(e));
	return e;
}

static void store(clout_jv *v, const element &e)
{
	std::memset(v->opaque, 0, sizeof(v->opaque));
	std::memcpy(v->opaque, static_cast<const void *>(&e), sizeof(e));
	v->opaque[2] = 1; // present
}

static void store_none(clout_jv *v)
{
	std::memset(v->opaque, 0, sizeof(v->opaque));
}

static bool present(const clout_jv *v)
{
	return v->opaque[2] == 1;
}

extern "C" {

int clout_json_parser_new(clout_json_parser **out, size_t max_bytes)
{
	*out = nullptr;
	try {
		*out = new clout_json_parser(max_bytes ? max_bytes : simdjson::SIMDJSON_MAXSIZE_BYTES);
	} catch (...) {
		return CLOUT_ENOMEM;
	}
	return 0;
}

void clout_json_parser_free(clout_json_parser *p)
{
	delete p;
}

int clout_json_parse(clout_json_parser *p, const char *data, size_t len, clout_jv *root,
	clout_error *err)
{
	element e;
	auto error = p->parser.parse(data, len, false).get(e);
	if (error) {
		store_none(root);
		if (error == simdjson::MEMALLOC)
			return clout_error_set(err, CLOUT_ENOMEM, "out of memory parsing json");
		if (error == simdjson::CAPACITY)
			return clout_error_set(err, CLOUT_EBADDATA, "json document of %zu bytes is over the limit of %zu bytes",
				len, p->parser.max_capacity());
		return clout_error_set(err, CLOUT_EBADDATA, "invalid json: %s", simdjson::error_message(error));
	}
	store(root, e);
	return 0;
}

const char *clout_json_type_name(clout_json_type t)
{
	switch (t) {
	case CLOUT_JSON_NULL: return "null";
	case CLOUT_JSON_BOOL: return "boolean";
	case CLOUT_JSON_INT:
	case CLOUT_JSON_UINT: return "integer";
	case CLOUT_JSON_DOUBLE: return "number";
	case CLOUT_JSON_STRING: return "string";
	case CLOUT_JSON_ARRAY: return "array";
	case CLOUT_JSON_OBJECT: return "object";
	default: return "missing";
	}
}

clout_json_type clout_jv_type(const clout_jv *v)
{
	if (!present(v))
		return CLOUT_JSON_NONE;
	switch (load(v).type()) {
	case element_type::ARRAY: return CLOUT_JSON_ARRAY;
	case element_type::OBJECT: return CLOUT_JSON_OBJECT;
	case element_type::INT64: return CLOUT_JSON_INT;
	case element_type::UINT64: return CLOUT_JSON_UINT;
	case element_type::DOUBLE: return CLOUT_JSON_DOUBLE;
	case element_type::STRING: return CLOUT_JSON_STRING;
	case element_type::BOOL: return CLOUT_JSON_BOOL;
	case element_type::NULL_VALUE: return CLOUT_JSON_NULL;
	}
	return CLOUT_JSON_NONE;
}

bool clout_jv_get(const clout_jv *obj, const char *key, clout_jv *out)
{
	simdjson::dom::object o;
	element e;
	if (!present(obj) || load(obj).get_object().get(o) || o.at_key(key).get(e)) {
		store_none(out);
		return false;
	}
	store(out, e);
	return true;
}

bool clout_jv_string(const clout_jv *v, const char **s, size_t *len)
{
	std::string_view sv;
	if (!present(v) || load(v).get_string().get(sv))
		return false;
	*s = sv.data();
	if (len)
		*len = sv.size();
	return true;
}

bool clout_jv_int64(const clout_jv *v, int64_t *out)
{
	return present(v) && !load(v).get_int64().get(*out);
}

bool clout_jv_uint64(const clout_jv *v, uint64_t *out)
{
	return present(v) && !load(v).get_uint64().get(*out);
}

bool clout_jv_double(const clout_jv *v, double *out)
{
	return present(v) && !load(v).get_double().get(*out);
}

bool clout_jv_bool(const clout_jv *v, bool *out)
{
	return present(v) && !load(v).get_bool().get(*out);
}

size_t clout_jv_size(const clout_jv *v)
{
	simdjson::dom::array a;
	simdjson::dom::object o;
	if (!present(v))
		return 0;
	element e = load(v);
	if (!e.get_array().get(a))
		return a.size();
	if (!e.get_object().get(o))
		return o.size();
	return 0;
}

void clout_jv_array_begin(const clout_jv *arr, clout_json_iter *it)
{
	simdjson::dom::array a;
	std::memset(it, 0, sizeof(*it));
	if (!present(arr) || load(arr).get_array().get(a))
		return;
	auto *slot = reinterpret_cast<iter_slot *>(it);
	auto b = a.begin(), e = a.end();
	static_assert(2 * sizeof(b) <= sizeof(slot->it), "iter slot too small");
	std::memcpy(slot->it, static_cast<const void *>(&b), sizeof(b));
	std::memcpy(slot->it + sizeof(b), static_cast<const void *>(&e), sizeof(e));
	slot->kind = 1;
}

bool clout_jv_array_next(clout_json_iter *it, clout_jv *out)
{
	auto *slot = reinterpret_cast<iter_slot *>(it);
	simdjson::dom::array::iterator b, e;
	if (slot->kind != 1)
		return false;
	std::memcpy(static_cast<void *>(&b), slot->it, sizeof(b));
	std::memcpy(static_cast<void *>(&e), slot->it + sizeof(b), sizeof(e));
	if (!(b != e))
		return false;
	store(out, *b);
	++b;
	std::memcpy(slot->it, static_cast<const void *>(&b), sizeof(b));
	return true;
}

void clout_jv_object_begin(const clout_jv *obj, clout_json_iter *it)
{
	simdjson::dom::object o;
	std::memset(it, 0, sizeof(*it));
	if (!present(obj) || load(obj).get_object().get(o))
		return;
	auto *slot = reinterpret_cast<iter_slot *>(it);
	auto b = o.begin(), e = o.end();
	static_assert(2 * sizeof(b) <= sizeof(slot->it), "iter slot too small");
	std::memcpy(slot->it, static_cast<const void *>(&b), sizeof(b));
	std::memcpy(slot->it + sizeof(b), static_cast<const void *>(&e), sizeof(e));
	slot->kind = 2;
}

bool clout_jv_object_next(clout_json_iter *it, const char **key, size_t *key_len, clout_jv *out)
{
	auto *slot = reinterpret_cast<iter_slot *>(it);
	simdjson::dom::object::iterator b, e;
	if (slot->kind != 2)
		return false;
	std::memcpy(static_cast<void *>(&b), slot->it, sizeof(b));
	std::memcpy(static_cast<void *>(&e), slot->it + sizeof(b), sizeof(e));
	if (!(b != e))
		return false;
	std::string_view k = b.key();
	*key = k.data();
	*key_len = k.size();
	store(out, b.value());
	++b;
	std::memcpy(slot->it, static_cast<const void *>(&b), sizeof(b));
	return true;
}

char *clout_jv_to_json(const clout_jv *v, size_t *len_out)
{
	if (!present(v))
		return nullptr;
	try {
		std::string s = simdjson::minify(load(v));
		char *p = static_cast<char *>(std::malloc(s.size() + 1));
		if (!p)
			return nullptr;
		std::memcpy(p, s.data(), s.size() + 1);
		if (len_out)
			*len_out = s.size();
		return p;
	} catch (...) {
		return nullptr;
	}
}

} // extern "C"
