#ifndef S175_CSHA256_H
#define S175_CSHA256_H

#include <stddef.h>
#include <stdint.h>

/* Whether this processor has the SHA extensions (Intel SHA-NI). */
int s175_sha256_hardware_available(void);

/* Compresses `blocks` 64-byte blocks of `data` into `state` with the SHA extensions.
   Call only when s175_sha256_hardware_available() returned 1. */
void s175_sha256_hardware_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
