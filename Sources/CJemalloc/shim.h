// jemalloc replaces the C library's malloc for the whole `stepwise` process (linked into the
// executable only, so its malloc/free come before glibc's). Records are made on one thread and
// freed on another by the hundred thousand; glibc's arenas spend a third of a run on that.
#include <jemalloc/jemalloc.h>
