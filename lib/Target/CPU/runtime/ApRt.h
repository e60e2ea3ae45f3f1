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

#ifdef __cplusplus
extern "C" {
#endif

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
/* For runtimes that bring their own communicators (the CUDA one), checked
 * as the collectives check them. apRtGroup: the group of collective op
 * (0-7: all_reduce, all_gather, all_slice, all_to_all, reduce_scatter,
 * broadcast, send, recv) with descriptor (dr, dd): returns this process's
 * index in it, its size in *size, unless comm is NULL its MPI_Comm (made
 * and cached as the collectives make theirs) in *(MPI_Comm *)comm, and the
 * index of the member that broadcast's, send's or recv's parameters name in
 * *peer (else -1). apRtStagePeers: for a stage transfer, p = {tag, the peer
 * stage's first rank and rank count, this rank's index in its stage, that
 * stage's rank count and first rank, the run of receivers a split transfer
 * all-gathers in (0: not split)}, send nonzero for the sending side.
 * apRtStageShare: receiver j's share of a split transfer of `count`
 * elements over `parts` receivers (*n elements from *first; equal shares of
 * ceil(count / parts), the last ones shorter or empty). apRtStageGroup: the
 * MPI_Comm (as void *) of ranks base .. base + count - 1, made by them on
 * first use and cached. */
int64_t apRtGroup(int op, int64_t dr, void *dd, int64_t *size, void *comm, int64_t *peer);
void apRtStagePeers(int64_t dr, void *dd, int send, int64_t p[7]);
void apRtStageShare(int64_t count, int64_t parts, int64_t j, int64_t *first, int64_t *n);
void *apRtStageGroup(int64_t base, int64_t count);
/* The reduction of the collectives: flat `buf` (count elements) reduced in
 * place over *(MPI_Comm *)comm with shard reduction `kind` (1 sum .. 8 xor;
 * bf16 through float, 5 averages over groupSize). */
void apRtReduceInPlace(void *buf, int64_t count, apRtType t, int64_t kind, void *comm,
                       int64_t groupSize);
/* A buffered send: MPI_Isend of `bytes` of malloc'ed `buf` (taken over,
 * freed once sent; apRtFinalize waits for the last) to `to` on
 * *(MPI_Comm *)comm. */
void apRtIsend(void *buf, int64_t bytes, int to, int tag, void *comm);
/* Aborts every rank with "ap-rt (rank N): error: <message>". */
void apRtDie(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void apRtInit(int *argc, char ***argv);
void apRtFinalize(void);

#ifdef __cplusplus
}
#endif

#endif
