/* tagged.h: `mdtest tag ...` (tagged.c), the write-hole test's block tags. */
#ifndef MDTEST_TAGGED_H
#define MDTEST_TAGGED_H
/* ARGV[0] is "tag"; returns the exit status */
int tag_main(int argc, char **argv);
#endif
