/* The symbols lowered programs call, one per collective and element type,
 * each forwarding to the generic entry point with its type. */
#include "ApRt.h"

#define AP_RT_COLLECTIVE(name, fn, sfx, ty)                                              \
  void ap_rt_##name##_##sfx(int64_t ir, void *in, int64_t orank, void *out, int64_t dr, \
                            void *dd);                                                   \
  void ap_rt_##name##_##sfx(int64_t ir, void *in, int64_t orank, void *out, int64_t dr, \
                            void *dd) {                                                  \
    fn(ty, ir, in, orank, out, dr, dd);                                                  \
  }

#define AP_RT_TYPE(sfx, ty)                                                              \
  AP_RT_COLLECTIVE(all_reduce, apRtAllReduce, sfx, ty)                                  \
  AP_RT_COLLECTIVE(all_gather, apRtAllGather, sfx, ty)                                  \
  AP_RT_COLLECTIVE(all_slice, apRtAllSlice, sfx, ty)                                    \
  AP_RT_COLLECTIVE(all_to_all, apRtAllToAll, sfx, ty)                                   \
  AP_RT_COLLECTIVE(reduce_scatter, apRtReduceScatter, sfx, ty)                          \
  AP_RT_COLLECTIVE(broadcast, apRtBroadcast, sfx, ty)                                   \
  AP_RT_COLLECTIVE(send, apRtSend, sfx, ty)                                             \
  AP_RT_COLLECTIVE(recv, apRtRecv, sfx, ty)                                             \
  void ap_rt_fill_##sfx(int64_t orank, void *out, int64_t seed, double lo, double hi,   \
                        int64_t range);                                                  \
  void ap_rt_fill_##sfx(int64_t orank, void *out, int64_t seed, double lo, double hi,   \
                        int64_t range) {                                                 \
    apRtFill(ty, orank, out, seed, lo, hi, range);                                       \
  }                                                                                      \
  void ap_rt_stage_send_##sfx(int64_t ir, void *in, int64_t dr, void *dd);              \
  void ap_rt_stage_send_##sfx(int64_t ir, void *in, int64_t dr, void *dd) {             \
    apRtStageSend(ty, ir, in, dr, dd);                                                   \
  }                                                                                      \
  void ap_rt_stage_recv_##sfx(int64_t orank, void *out, int64_t dr, void *dd);          \
  void ap_rt_stage_recv_##sfx(int64_t orank, void *out, int64_t dr, void *dd) {         \
    apRtStageRecv(ty, orank, out, dr, dd);                                               \
  }                                                                                      \
  void ap_rt_report_##sfx(int64_t ir, void *in, int64_t index);                          \
  void ap_rt_report_##sfx(int64_t ir, void *in, int64_t index) {                         \
    apRtReport(ty, ir, in, index);                                                       \
  }

AP_RT_TYPE(f32, AP_RT_F32)
AP_RT_TYPE(f64, AP_RT_F64)
AP_RT_TYPE(bf16, AP_RT_BF16)
AP_RT_TYPE(i32, AP_RT_I32)
AP_RT_TYPE(i64, AP_RT_I64)
AP_RT_TYPE(i8, AP_RT_I8)

int64_t ap_rt_process_index(int64_t dr, void *dd, int64_t axis);
int64_t ap_rt_process_index(int64_t dr, void *dd, int64_t axis) {
  return apRtProcessIndex(dr, dd, axis);
}
