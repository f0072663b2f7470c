#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H
#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/pem.h>

// curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: typed wrappers.
static inline CURLcode ccurl_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode ccurl_setopt_write_callback(CURL *h, size_t (*cb)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, cb);
}
static inline CURLcode ccurl_setopt_header_callback(CURL *h, size_t (*cb)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, cb);
}
// --- A chunked upload whose chunks the caller pushes (Sources/HTTPTransport/ChunkedUpload.swift).
static inline CURLcode ccurl_setopt_read_callback(CURL *h, size_t (*cb)(char *, size_t, size_t, void *)) {
    return curl_easy_setopt(h, CURLOPT_READFUNCTION, cb);
}
static inline CURLcode ccurl_setopt_trailer_callback(CURL *h, int (*cb)(struct curl_slist **, void *)) {
    return curl_easy_setopt(h, CURLOPT_TRAILERFUNCTION, cb);
}
static inline size_t ccurl_readfunc_pause(void) { return CURL_READFUNC_PAUSE; }
static inline CURLcode ccurl_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }

// --- TLS: the process-wide trust store and the shared TLS session cache (Sources/HTTPTransport/TrustStore.swift).
static inline CURLcode ccurl_setopt_ssl_ctx_function(CURL *h, CURLcode (*cb)(CURL *, void *, void *)) {
    return curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, cb);
}
static inline CURLSHcode ccurl_share_setopt_long(CURLSH *s, CURLSHoption o, long v) { return curl_share_setopt(s, o, v); }
static inline CURLSHcode ccurl_share_setopt_pointer(CURLSH *s, CURLSHoption o, void *v) { return curl_share_setopt(s, o, v); }
static inline CURLSHcode ccurl_share_setopt_lock(CURLSH *s, void (*f)(CURL *, curl_lock_data, curl_lock_access, void *)) {
    return curl_share_setopt(s, CURLSHOPT_LOCKFUNC, f);
}
static inline CURLSHcode ccurl_share_setopt_unlock(CURLSH *s, void (*f)(CURL *, curl_lock_data, void *)) {
    return curl_share_setopt(s, CURLSHOPT_UNLOCKFUNC, f);
}
// Verification uses this store instead of the SSL_CTX's own, which libcurl fills and flags after the
// callback; ours stays untouched by libcurl and shared by every connection.
static inline long cssl_ctx_set1_verify_cert_store(SSL_CTX *ctx, X509_STORE *store) {
    return SSL_CTX_set1_verify_cert_store(ctx, store);
}
static inline int cx509_lookup_add_dir(X509_LOOKUP *lookup, const char *dir) {
    return X509_LOOKUP_add_dir(lookup, dir, X509_FILETYPE_PEM);
}
#endif
