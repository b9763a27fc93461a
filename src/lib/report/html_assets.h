/*
 * html_assets.h: the printable report's script and style sheet (web/src/report.js bundled by
 * web/build.mjs with uPlot), embedded in libclout from the generated report_assets.c in the build
 * tree; clout_report_html (html.c) inlines them.
 */
#ifndef CLOUT_LIB_REPORT_HTML_ASSETS_H
#define CLOUT_LIB_REPORT_HTML_ASSETS_H

#include <stddef.h>

/* The bundle's bytes (NUL-terminated; empty when the web part was not built). */
extern const unsigned char clout_report_html_js[];
extern const size_t clout_report_html_js_size;
extern const unsigned char clout_report_html_css[];
extern const size_t clout_report_html_css_size;
/* NULL, or why the bundle was not built (node and npm missing, or turned off). */
extern const char *const clout_report_html_missing;

#endif
