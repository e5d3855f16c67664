/* Unit tests for policy.c: POLICY / PART-POLICY words into rules, which
 * rules apply to a device, its action and domains, and the udev rules
 * --udev-rules writes. Expected behaviour observed on mdadm 4.6 in the VM
 * (tests/vm/t_policy.sh). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "policy.h"

static char errbuf[4096];

static int parse(const char *text, bool part, struct policy_rule *r)
{
	FILE *f = fmemopen(errbuf, sizeof(errbuf), "w");
	assert_non_null(f);
	int n = policy_rule_parse(text, part, "mdadm", r, f);
	fclose(f);
	return n;
}

static void test_parse(void **state)
{
	(void)state;
	struct policy_rule r;
	assert_int_equal(parse("domain=d1 metadata=1.x path=pci-* type=disk action=spare auto=no", false, &r), 0);
	assert_string_equal(r.domain, "d1");
	assert_string_equal(r.metadata, "1.x");
	assert_string_equal(r.path, "pci-*");
	assert_string_equal(r.type, "disk");
	assert_int_equal(r.action, PA_SPARE);
	assert_int_equal(r.auto_, PAUTO_NO);
	assert_false(r.part);
	/* mdadm 4.6: "policy rule bogus=1 unrecognised and ignored", rest applies */
	assert_int_equal(parse("domain=d1 bogus=1 action=force-spare spare", true, &r), 2);
	assert_non_null(strstr(errbuf, "mdadm: policy rule bogus=1 unrecognised and ignored\n"));
	assert_non_null(strstr(errbuf, "mdadm: policy rule spare unrecognised and ignored\n"));
	assert_int_equal(r.action, PA_FORCE_SPARE);
	assert_true(r.part);
	assert_int_equal(parse("action=frob auto=maybe =x", false, &r), 2);
	assert_int_equal(r.action, PA_UNKNOWN);
	assert_int_equal(parse("action=include", false, &r), 0);
	assert_int_equal(r.action, PA_INCLUDE);
	assert_int_equal(parse("action=re-add", false, &r), 0);
	assert_int_equal(r.action, PA_READD);
	assert_int_equal(parse("action=spare-same-slot", false, &r), 0);
	assert_int_equal(r.action, PA_SPARE_SAME_SLOT);
	char big[600];
	memset(big, 'a', sizeof(big));
	memcpy(big, "path=", 5);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(parse(big, false, &r), 1);
	assert_string_equal(r.path, "");
}

static void test_metadata(void **state)
{
	(void)state;
	assert_true(policy_metadata_covers("", "1.2"));
	assert_true(policy_metadata_covers("1.x", "1.0"));
	assert_true(policy_metadata_covers("1.x", "1.2"));
	assert_false(policy_metadata_covers("1.x", "0.90"));
	assert_true(policy_metadata_covers("0.9", "0.90"));
	assert_true(policy_metadata_covers("0.90", "0.90"));
	assert_false(policy_metadata_covers("0.90", "1.2"));
	assert_true(policy_metadata_covers("1.2", "1.2"));
	assert_false(policy_metadata_covers("1.1", "1.2"));
	assert_false(policy_metadata_covers("imsm", "1.2"));
}

/* auto=: the first applying line that sets it; metadata= and path= restrict */
static void test_auto(void **state)
{
	(void)state;
	struct policy_rule r[3];
	assert_int_equal(parse("path=pci-1-* metadata=0.90 auto=no", false, &r[0]), 0);
	assert_int_equal(parse("path=pci-1-* action=spare", false, &r[1]), 0);
	assert_int_equal(parse("metadata=1.x auto=homehost", false, &r[2]), 0);
	struct policy_dev d = { .paths = { "pci-1-ata-2" }, .npaths = 1 }, other = { .paths = { "pci-2-ata-1" }, .npaths = 1 };
	assert_int_equal(policy_auto(r, 3, &d, "0.90"), PAUTO_NO);
	assert_int_equal(policy_auto(r, 3, &d, "1.2"), PAUTO_HOMEHOST);
	assert_int_equal(policy_auto(r, 3, &other, "0.90"), PAUTO_NONE);
	assert_int_equal(policy_auto(r, 2, &d, "1.2"), PAUTO_NONE);
}

static void test_match(void **state)
{
	(void)state;
	struct policy_rule r[5];
	assert_int_equal(parse("domain=d1 path=pci-1-* action=spare", false, &r[0]), 0);
	assert_int_equal(parse("domain=d2 path=pci-1-ata-2 metadata=0.90 action=force-spare", false, &r[1]), 0);
	assert_int_equal(parse("domain=d3 type=part path=pci-1-* action=include", false, &r[2]), 0);
	assert_int_equal(parse("domain=pd type=disk path=pci-9 action=spare-same-slot", true, &r[3]), 0);
	assert_int_equal(parse("action=re-add", false, &r[4]), 0);
	struct policy_dev d = { .paths = { "pci-1-ata-2" }, .npaths = 1 };
	/* most permissive; metadata= restricts it to arrays of that version */
	assert_int_equal(policy_action(r, 5, &d, "1.2"), PA_SPARE);
	assert_int_equal(policy_action(r, 5, &d, "0.90"), PA_FORCE_SPARE);
	assert_int_equal(policy_action(r, 5, &d, NULL), PA_FORCE_SPARE);
	char dom[8][POL_DOMAIN];
	assert_int_equal(policy_domains(r, 5, &d, "1.2", dom, 8), 1);
	assert_string_equal(dom[0], "d1");
	assert_int_equal(policy_domains(r, 5, &d, "0.90", dom, 8), 2);
	assert_int_equal(policy_domains(r, 5, &d, "0.90", dom, 1), 1);
	/* no by-path name: only lines without path= */
	struct policy_dev nop = { .npaths = 0 };
	assert_int_equal(policy_action(r, 5, &nop, "1.2"), PA_READD);
	assert_int_equal(policy_domains(r, 5, &nop, "1.2", dom, 8), 0);
	/* a partition: type=part lines, and PART-POLICY of its disk */
	struct policy_dev p = { .paths = { "pci-9-part3" }, .npaths = 1, .is_part = true, .partno = 3 };
	assert_int_equal(policy_action(r, 5, &p, "1.2"), PA_SPARE_SAME_SLOT);
	assert_int_equal(policy_domains(r, 5, &p, "1.2", dom, 8), 1);
	assert_string_equal(dom[0], "pd-part3");
	struct policy_dev p2 = { .paths = { "pci-1-ata-2-part1" }, .npaths = 1, .is_part = true, .partno = 1 };
	assert_int_equal(policy_action(r, 5, &p2, "1.2"), PA_SPARE);  /* pci-1-* matches it too */
	struct policy_dev p3 = { .paths = { "pci-9-part3" }, .npaths = 1, .is_part = true, .partno = 4 };
	assert_int_equal(policy_action(r, 5, &p3, "1.2"), PA_READD);  /* not partition 4's name */
	/* a disk is not a partition: PART-POLICY never applies to it */
	struct policy_dev dk = { .paths = { "pci-9" }, .npaths = 1 };
	assert_int_equal(policy_action(r, 5, &dk, "1.2"), PA_READD);
	/* a disk with two by-path names (systemd's "-ata-1" and "-ata-1.0"):
	 * a glob that matches either applies */
	struct policy_dev two = { .paths = { "pci-0-ata-1", "pci-1-ata-2.0" }, .npaths = 2 };
	assert_int_equal(policy_action(r, 5, &two, "1.2"), PA_SPARE);
	two.npaths = 1;
	assert_int_equal(policy_action(r, 5, &two, "1.2"), PA_READD);
	/* unknown actions allow nothing */
	struct policy_rule u;
	assert_int_equal(parse("path=* action=frob", false, &u), 1 - 1);
	assert_int_equal(policy_action(&u, 1, &d, "1.2"), PA_NONE);
}

static void test_cover(void **state)
{
	(void)state;
	char arr[3][POL_DOMAIN] = { "d1", "d2", "d3" }, dev[2][POL_DOMAIN] = { "d2", "d3" };
	assert_true(policy_domains_cover(arr, 3, dev, 2));
	assert_false(policy_domains_cover(arr, 1, dev, 2));
	assert_false(policy_domains_cover(arr, 3, dev, 0));   /* no domain: no candidate */
	assert_false(policy_domains_cover(arr, 0, dev, 1));
}

static void test_udev_rules(void **state)
{
	(void)state;
	const char *conf = "POLICY domain=d1 path=test-* action=frob\n"
			   "POLICY domain=d1 metadata=1.x path=test-loop3 action=spare-same-slot\n"
			   "POLICY domain=d2 type=part path=pci-* action=force-spare auto=no\n"
			   "PART-POLICY domain=d3 type=disk path=pci-1 action=include\n"
			   "PART-POLICY type=disk path=pci-2 action=force-spare\n"
			   "POLICY domain=d4 action=force-spare\n"
			   "POLICY path=test-* action=spare\n"
			   "POLICY path='x\"y' action=force-spare\n"
			   "POLICY path=test-loop3 action=force-spare\n";
	struct mdconf c;
	assert_int_equal(conf_parse(conf, strlen(conf), "t.conf", &c, NULL), 0);
	struct policy_rule *r;
	int n = policy_rules_from_conf(&c, "mdadm", NULL, &r);
	assert_int_equal(n, 9);
	char out[2048] = "";
	FILE *f = fmemopen(out, sizeof(out), "w");
	policy_udev_rules(r, n, "mdadm", "/usr/sbin/mdadm", f);
	fclose(f);
	/* mdadm 4.6's output for the same lines (PART-POLICY last: config.c
	 * keeps them apart) */
	assert_string_equal(out,
		"# do not edit this file, it is automatically generated by mdadm\n\n"
		"ACTION==\"add\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"part\", ENV{ID_PATH}==\"pci-2\", "
		"RUN+=\"/usr/sbin/mdadm --incremental $env{DEVNAME}\"\n"
		"ACTION==\"add\", SUBSYSTEM==\"block\", ENV{ID_PATH}==\"test-loop3\", "
		"RUN+=\"/usr/sbin/mdadm --incremental $env{DEVNAME}\"\n"
		"ACTION==\"add\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"part\", ENV{ID_PATH}==\"pci-*\", "
		"RUN+=\"/usr/sbin/mdadm --incremental $env{DEVNAME}\"\n"
		"ACTION==\"add\", SUBSYSTEM==\"block\", ENV{ID_PATH}==\"test-*\", "
		"RUN+=\"/usr/sbin/mdadm --incremental $env{DEVNAME}\"\n");
	free(r);
	conf_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_auto),
		cmocka_unit_test(test_cover),
		cmocka_unit_test(test_udev_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
