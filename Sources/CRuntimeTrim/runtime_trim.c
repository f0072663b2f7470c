// Link-time replacements for parts of the static Swift runtime the bootstrap never uses, so the release
// link (--gc-sections) can drop what they alone reach. Active only where the link asks for them with
// --wrap (mk/bundle.mk); elsewhere these functions are simply unused.
#include <stdint.h>

// Unicode.Scalar.Properties.name and the `\N{...}` lookup read ~550 KB of scalar-name tables
// (libswiftCore's UnicodeScalarProps.cpp) through this one function, which the stdlib's single text
// section keeps alive. Nothing here asks a scalar for its name: answer "no name" (0 bytes written, so
// `name` is nil) and let the tables go.
intptr_t __wrap__swift_stdlib_getScalarName(uint32_t scalar, uint8_t *buffer, intptr_t capacity) {
    (void)scalar;
    (void)buffer;
    (void)capacity;
    return 0;
}
