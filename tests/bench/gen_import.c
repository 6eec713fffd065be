/*
 * gen_import.c — synthetic scanner output for the import benchmark
 * (tests/bench/import.sh), as
 *
 *   gen_import ocsf N FILE    N Prowler OCSF findings (about 1 KiB each)
 *   gen_import xccdf N FILE   an XCCDF 1.2 benchmark result of N rule-results:
 *                             N / 2,000 TestResults (hosts) of the same
 *                             2,000 rules, the size of a real SSG profile
 *
 * Deterministic (a fixed LCG): 500 distinct check ids (some of them Prowler
 * AWS checks the shipped mapping knows), a mix of PASS/FAIL/MANUAL and
 * muted findings, every finding with the `unmapped.compliance` lists real
 * Prowler output carries. Not part of the product.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long seed = 42;

static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((seed >> 33) % n);
}

static const char *const known[] = {
	"accessanalyzer_enabled", "iam_root_mfa_enabled", "s3_bucket_public_access",
	"cloudtrail_multi_region_enabled", "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
	"rds_instance_storage_encrypted", "guardduty_is_enabled", "kms_cmk_rotation_enabled",
};

static void check_id(char *out, size_t n, unsigned k)
{
	if (k < sizeof(known) / sizeof(*known))
		snprintf(out, n, "%s", known[k]);
	else
		snprintf(out, n, "bench_service_check_%03u_configured", k);
}

static int ocsf(unsigned long n, FILE *f)
{
	static const char *const st[] = { "PASS", "PASS", "PASS", "FAIL", "FAIL", "MANUAL" };
	fputs("[\n", f);
	for (unsigned long i = 0; i < n; i++) {
		char id[64];
		check_id(id, sizeof(id), rnd(500));
		const char *s = st[rnd(6)];
		int muted = rnd(20) == 0;
		unsigned long t = 1760000000UL + i % 86400;
		fprintf(f,
			"%s{\"message\": \"Resource %lu checked by %s.\", \"metadata\": {\"event_code\": \"%s\", "
			"\"product\": {\"name\": \"Prowler\", \"uid\": \"prowler\", \"vendor_name\": \"Prowler\", "
			"\"version\": \"5.0.0\"}, \"profiles\": [\"cloud\", \"datetime\"], \"tenant_uid\": \"\", "
			"\"version\": \"1.4.0\"}, \"severity_id\": 3, \"severity\": \"Medium\", \"status\": \"%s\", "
			"\"status_code\": \"%s\", \"status_detail\": \"Resource %lu is %s.\", \"status_id\": %d, "
			"\"muted\": %s, \"unmapped\": {\"related_url\": \"https://docs.aws.amazon.com/\", "
			"\"categories\": [], \"depends_on\": [], \"related_to\": [], \"notes\": \"\", "
			"\"compliance\": {\"CIS-2.0\": [\"1.20\"], \"HIPAA\": [\"164_308_a_1_ii_a\", \"164_312_b\"], "
			"\"NIST-800-53-Revision-5\": [\"ac_2_6\", \"au_6_1\", \"si_4_2\"]}}, "
			"\"activity_name\": \"Create\", \"activity_id\": 1, \"finding_info\": {\"created_time\": %lu, "
			"\"desc\": \"Check %s\", \"title\": \"Check %s\", \"uid\": \"prowler-aws-%s-%lu\"}, "
			"\"resources\": [{\"cloud_partition\": \"aws\", \"region\": \"eu-west-1\", \"group\": "
			"{\"name\": \"svc\"}, \"labels\": [], \"name\": \"res-%lu\", \"type\": \"Other\", "
			"\"uid\": \"arn:aws:svc:eu-west-1:123456789012:res/%lu\"}], \"class_uid\": 2004, "
			"\"cloud\": {\"account\": {\"uid\": \"123456789012\"}, \"provider\": \"aws\", \"region\": "
			"\"eu-west-1\"}, \"time\": %lu, \"time_dt\": \"2025-10-09T09:00:00\", \"type_uid\": 200401}\n",
			i ? "," : "", i, id, id, muted ? "Suppressed" : "New", s, i, s, muted ? 3 : 1,
			muted ? "true" : "false", t, id, id, id, i, i, i, t);
	}
	fputs("]\n", f);
	return 0;
}

static int xccdf(unsigned long n, FILE *f)
{
	static const char *const st[] = { "pass", "pass", "fail", "notselected", "notapplicable",
					  "error", "fixed", "notchecked" };
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_bench_benchmark_b\">\n", f);
	for (unsigned long i = 0; i < n; i++) {
		if (i % 2000 == 0)
			fprintf(f, "%s  <TestResult id=\"xccdf_bench_testresult_%lu\" start-time=\"2025-10-09T09:00:00\" "
				"end-time=\"2025-10-09T10:00:00\">\n", i ? "  </TestResult>\n" : "", i / 2000);
		fprintf(f,
			"    <rule-result idref=\"xccdf_org.bench.content_rule_%05u\" role=\"full\" "
			"time=\"2025-10-09T09:%02lu:00\" severity=\"medium\" weight=\"1.000000\">\n"
			"      <result>%s</result>\n"
			"      <ident system=\"http://cce.mitre.org\">CCE-%05lu-1</ident>\n"
			"      <check system=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\">\n"
			"        <check-content-ref name=\"oval:bench:def:%lu\" href=\"oval.xml\"/>\n"
			"      </check>\n"
			"    </rule-result>\n",
			(unsigned)(i % 2000), i % 60, st[rnd(8)], i % 100000, i);
	}
	fputs(n ? "  </TestResult>\n</Benchmark>\n" : "</Benchmark>\n", f);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: gen_import ocsf|xccdf N FILE\n");
		return 2;
	}
	unsigned long n = strtoul(argv[2], NULL, 10);
	FILE *f = fopen(argv[3], "w");
	if (!f) {
		perror(argv[3]);
		return 2;
	}
	int rc = strcmp(argv[1], "ocsf") == 0 ? ocsf(n, f) : xccdf(n, f);
	if (fclose(f)) {
		perror(argv[3]);
		return 2;
	}
	return rc;
}
