/* main() of a program lowered by --lower-to-cpu with an @ap_main entry
 * (ap-opt --ap-harness): MPI up, the step, MPI down. */
#include "ApRt.h"

void ap_main(void);

int main(int argc, char **argv) {
  apRtInit(&argc, &argv);
  ap_main();
  apRtFinalize();
  return 0;
}
