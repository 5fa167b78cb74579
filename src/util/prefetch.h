/*
 * prefetch.h - ask for a cache line ahead of its use, where the compiler
 * can (GCC and Clang); elsewhere the request is dropped.
 */
#ifndef LK_UTIL_PREFETCH_H
#define LK_UTIL_PREFETCH_H

#if defined(__GNUC__)
#define LK_PREFETCH_READ(p) __builtin_prefetch((p), 0)
#define LK_PREFETCH_WRITE(p) __builtin_prefetch((p), 1)
#else
#define LK_PREFETCH_READ(p) ((void)(p))
#define LK_PREFETCH_WRITE(p) ((void)(p))
#endif

#endif
