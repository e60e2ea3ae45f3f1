/* The CPU runtime's generic entry points (ApRtMpi.c) and, in ApRtEntry.c,
 * the per-element-type symbols that lowered programs call:
 *   ap_rt_<collective>_<type>(i64 rank, ptr in, i64 rank, ptr out, i64 rank, ptr desc)
 * with <collective> in all_reduce, all_gather, all_slice, all_to_all,
 * reduce_scatter, broadcast, send, recv and <type> in f32, f64, bf16, i32, i64, i8;
 *   ap_rt_fill_<type>(i64 rank, ptr out, i64 seed, f64 lo, f64 hi, i64 range)
 *   ap_rt_report_<type>(i64 rank, ptr in, i64 index)
 *   ap_rt_process_index(i64 rank, ptr desc, i64 axis) -> i64 (axis -1: linear)
 *   ap_rt_stage_send_<type>(i64 rank, ptr in, i64 rank, ptr desc)
 *   ap_rt_stage_recv_<type>(i64 rank, ptr out, i64 rank, ptr desc)
 * (memref<*xT> arguments expand to rank and descriptor pointer). */
#ifndef AP_RUNTIME_CPU_APRT_H
#define AP_RUNTIME_CPU_APRT_H

#include <stdint.h>

typedef enum { AP_RT_F32, AP_RT_F64, AP_RT_BF16, AP_RT_I32, AP_RT_I64, AP_RT_I8 } apRtType;

typedef void (*apRtCollective)(apRtType t, int64_t ir, void *in, int64_t orank, void *out,
                               int64_t dr, void *dd);
void apRtAllReduce(apRtType, int64_t, void *, int64_t, void *, int64_t, void *);
void apRtAllGather(apRtType, int64_t, void *, int64_t, void *, int64_t, void *);
void apRtAllSlice(apRtType, int64_t, void *, int64_t, void *, int64_t, void *);
void apRtAllToAll(apRtType, int64_t, void *, int64_t, void *, int64_t, void *);
void apRtReduceScatter(apRtType, int64_t, void *, int64_t, void *, int64_t, void *);
void apRtBroadcast(apRtType, int64_t, void *, int64_t, void *, int64_t, void *);
void apRtSend(apRtType, int64_t, void *, int64_t, void *, int64_t, void *);
void apRtRecv(apRtType, int64_t, void *, int64_t, void *, int64_t, void *);
int64_t apRtProcessIndex(int64_t dr, void *dd, int64_t axis);
void apRtStageSend(apRtType t, int64_t ir, void *in, int64_t dr, void *dd);
void apRtStageRecv(apRtType t, int64_t orank, void *out, int64_t dr, void *dd);
void apRtFill(apRtType t, int64_t orank, void *out, int64_t seed, double lo, double hi,
              int64_t range);
void apRtReport(apRtType t, int64_t ir, void *in, int64_t index);
void apRtInit(int *argc, char ***argv);
void apRtFinalize(void);

#endif
