/*
 * xmlscan.c — the baseline of the import benchmark: one bare libxml2
 * xmlTextReader pass over an XML file (the importer's parser options),
 * what `import xccdf` costs at the least. Not part of the product.
 */
#include <libxml/xmlreader.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: xmlscan FILE\n");
		return 2;
	}
	xmlTextReaderPtr r = xmlReaderForFile(argv[1], NULL, XML_PARSE_NONET);
	if (!r)
		return 1;
	unsigned long long nodes = 0;
	int ret;
	while ((ret = xmlTextReaderRead(r)) == 1)
		nodes++;
	xmlFreeTextReader(r);
	printf("%llu nodes\n", nodes);
	return ret == 0 ? 0 : 1;
}
