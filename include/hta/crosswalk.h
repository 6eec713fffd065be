/*
 * crosswalk.h — coverage of a public authoritative source by the catalog.
 * A crosswalk file (controls/crosswalk/NAME.yaml) lists every id of the
 * source (the HIPAA Security Rule's standards and implementation
 * specifications, the NIST SP 800-53 r5 moderate baseline); coverage
 * counts the statements whose `maps` name each id.
 */
#ifndef HTA_CROSSWALK_H
#define HTA_CROSSWALK_H

#include "hta/catalog.h"

struct hta_crosswalk {
	struct hta_arena arena;
	const char *name, *title;
	enum hta_map_kind map;     /* which statement map it is measured against */
	struct hta_named *items;
	size_t n_items;
	size_t *mapped_by;         /* [n_items]: statements mapping the id */
};

/*
 * Load `<catalog dir>/crosswalk/<name>.yaml` (name: "hipaa",
 * "nist-800-53"). Free with hta_crosswalk_free().
 */
int hta_crosswalk_load(struct hta_crosswalk *cw, const struct hta_catalog *cat,
		       const char *name, struct hta_err *err);

/*
 * Count, for every item, the statements that map it among those whose
 * tier bits intersect `tiers` (or, with `addons`, belong to an add-on).
 * Returns how many items are mapped at least once.
 */
size_t hta_crosswalk_cover(struct hta_crosswalk *cw, const struct hta_catalog *cat,
			   unsigned tiers, bool addons);

void hta_crosswalk_free(struct hta_crosswalk *cw);

#endif
