#ifndef S175_CSQLITE_SHIM_H
#define S175_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
