#ifndef S175_CLIBXML2_SHIM_H
#define S175_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its headers then pull in ICU headers that
   clash with the private ICU copy inside Foundation on clean debug builds.
   s175 never uses libxml2's ICU API, so hide it. */
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlerror.h>

#endif
