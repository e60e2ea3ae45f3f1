/* The report file, written whole or not at all. */
#include "ap/Report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int apReportWriteFile(const char *path, const char *html) {
  /* Beside the target, then renamed: a failure leaves no partial page. */
  size_t n = strlen(path) + 32;
  char *tmp = malloc(n);
  if (!tmp)
    return -1;
  snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  size_t len = strlen(html);
  int ok = f && fwrite(html, 1, len, f) == len;
  if (f)
    ok = fclose(f) == 0 && ok;
  ok = ok && rename(tmp, path) == 0;
  if (!ok) {
    int saved = errno;
    remove(tmp);
    errno = saved;
  }
  free(tmp);
  return ok ? 0 : -1;
}
