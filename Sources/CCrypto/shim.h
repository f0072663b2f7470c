#ifndef CCRYPTO_SHIM_H
#define CCRYPTO_SHIM_H
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/err.h>

/* EVP_PKEY_PUBLIC_KEY is a composite macro Swift cannot import. */
static inline int ccrypto_selection_public_key(void) { return EVP_PKEY_PUBLIC_KEY; }
/* OSSL_PARAM_BLD keeps key names (and, until OSSL_PARAM_BLD_to_param, values) by pointer: they must be
   static C strings, never Swift's temporary bridges. */
static inline const char *ccrypto_param_rsa_n(void) { return OSSL_PKEY_PARAM_RSA_N; }
static inline const char *ccrypto_param_rsa_e(void) { return OSSL_PKEY_PARAM_RSA_E; }
static inline const char *ccrypto_param_group(void) { return OSSL_PKEY_PARAM_GROUP_NAME; }
static inline const char *ccrypto_param_public_key(void) { return OSSL_PKEY_PARAM_PUB_KEY; }
static inline const char *ccrypto_group_p256(void) { return SN_X9_62_prime256v1; }
#endif
