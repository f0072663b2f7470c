#ifndef RUNTIME_TRIM_H
#define RUNTIME_TRIM_H
// Nothing to call: this module only supplies link-time replacements (see runtime_trim.c).
#endif
