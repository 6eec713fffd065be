/*
 * providers.h — what a cloud provider can carry for a customer: per
 * statement the provider's responsibility (provider, shared, customer) and
 * the largest weight a customer may inherit, never above the catalog's
 * `inheritable`. Read from the user's own matrix (a CSV named by
 * `matrix:` under the provider in scope.yaml), else from the shipped
 * illustrative file `<catalog>/providers/NAME.yaml`, else the catalog's
 * `inheritable` alone. Formats: docs/deliverable.md.
 */
#ifndef HTA_PROVIDERS_H
#define HTA_PROVIDERS_H

#include "hta/catalog.h"

enum hta_resp { HTA_RESP_CUSTOMER = 0, HTA_RESP_SHARED, HTA_RESP_PROVIDER };

/* "customer", "shared", "provider"; parse returns -1 when unknown. */
const char *hta_resp_name(int resp);
int hta_resp_parse(const char *s);

struct hta_provider_matrix {
	struct hta_arena arena;
	const char *source;      /* "catalog", "controls/providers/aws.yaml", the CSV's name */
	unsigned char *resp;     /* [cat->n_stmts] enum hta_resp */
	unsigned char *weight;   /* [cat->n_stmts] 0..inheritable */
};

/*
 * Load the matrix of provider `name`: from `csv_path` when not NULL (shown
 * as `csv_display`), else from `<cat->dir>/providers/<name>.yaml` when it
 * exists, else the catalog's `inheritable` (responsibility "shared" where
 * it is above 0). A CSV weight above the catalog's `inheritable` is capped
 * to it; the shipped YAML must not exceed it (an error). Unknown ids, bad
 * responsibilities and weights are errors with FILE:LINE:COL: `err` holds
 * the first; for a CSV every bad row is also added to `errors` (may be
 * NULL). Free with hta_provider_matrix_free().
 */
int hta_provider_matrix_load(struct hta_provider_matrix *pm, const struct hta_catalog *cat,
			     const char *name, const char *csv_path, const char *csv_display,
			     struct hta_errlist *errors, struct hta_err *err);

void hta_provider_matrix_free(struct hta_provider_matrix *pm);

#endif
