/* Minimal unit-test harness: CHECK macros that count, and a summary line in
 * the form every runner understands ("N passed, N failed"). */
#ifndef AP_TEST_H
#define AP_TEST_H

#include <math.h>
#include <stdio.h>

static int ap_test_passed, ap_test_failed;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (cond) {                                                                \
      ap_test_passed++;                                                        \
    } else {                                                                   \
      ap_test_failed++;                                                        \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

/* Relative closeness, for costs and times. */
#define CHECK_CLOSE(a, b, rel)                                                 \
  do {                                                                         \
    double ap_a = (a), ap_b = (b);                                             \
    double ap_d = fabs(ap_a - ap_b), ap_m = fmax(fabs(ap_a), fabs(ap_b));      \
    if (ap_d <= (rel) * ap_m || ap_d < 1e-300) {                               \
      ap_test_passed++;                                                        \
    } else {                                                                   \
      ap_test_failed++;                                                        \
      fprintf(stderr, "%s:%d: CHECK_CLOSE failed: %s = %.17g vs %s = %.17g\n", \
              __FILE__, __LINE__, #a, ap_a, #b, ap_b);                         \
    }                                                                          \
  } while (0)

static inline int ap_test_summary(const char *name) {
  printf("%s: %d passed, %d failed\n", name, ap_test_passed, ap_test_failed);
  return ap_test_failed ? 1 : 0;
}

#endif
