/* ap-models: writes whole training steps (forward, loss, backward,
 * optimizer) of standard model families as linalg-on-tensors MLIR. */
#include "Models.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *name, *family, *source;
  int64_t layers, hidden, heads, seq, batch, vocab;
  double publishedParams; /* 0 when the source gives none */
  int64_t experts;
  int64_t width; /* wresnet: hidden = base filters, seq = image size, vocab = classes */
} apPreset;

/* Alpa's suite (OSDI'22: seq 1024, vocab 51200) and Megatron-LM's table
 * (SC'21: seq 2048, vocab 51200); batch is per step as generated (the
 * global batches are micro-batched by the pipeline). */
static const apPreset presets[] = {
    {"tiny", "mlp", "test size", 2, 16, 0, 0, 8, 0, 0, 0, 0},
    {"tiny", "gpt", "test size", 2, 16, 2, 8, 2, 64, 0, 0, 0},
    {"tiny", "llama", "test size", 2, 16, 4, 8, 2, 64, 0, 0, 0},
    /* Llama-2 7B (Touvron et al. 2023): 32 layers, 4096 hidden, 32 heads,
     * SwiGLU width 11008, vocab 32000, seq 4096. */
    {"llama2-7b", "llama", "Llama 2", 32, 4096, 32, 4096, 1, 32000, 6.74e9, 0, 0},
    {"tiny", "moe", "test size", 2, 16, 2, 8, 2, 64, 0, 4, 0},
    /* Alpa's MoE suite (seq 1024, vocab 32000, 16 heads; experts every
     * other layer; the published sizes are nominal) */
    {"moe-380m", "moe", "Alpa", 8, 768, 16, 1024, 8, 32000, 380e6, 8, 0},
    {"moe-1.3b", "moe", "Alpa", 16, 768, 16, 1024, 8, 32000, 1.3e9, 16, 0},
    {"moe-2.4b", "moe", "Alpa", 16, 1024, 16, 1024, 8, 32000, 2.4e9, 16, 0},
    {"moe-10b", "moe", "Alpa", 16, 1536, 16, 1024, 8, 32000, 10e9, 32, 0},
    {"moe-27b", "moe", "Alpa", 16, 2048, 16, 1024, 8, 32000, 27e9, 48, 0},
    {"moe-70b", "moe", "Alpa", 32, 2048, 16, 1024, 8, 32000, 70e9, 64, 0},
    {"tiny", "wresnet", "test size", 8, 4, 0, 16, 2, 8, 0, 0, 2},
    /* Alpa's Wide-ResNet suite (224 px, 1024 classes; depth/filters/width) */
    {"wresnet-250m", "wresnet", "Alpa", 50, 160, 0, 224, 1536, 1024, 250e6, 0, 2},
    {"wresnet-1b", "wresnet", "Alpa", 50, 320, 0, 224, 1536, 1024, 1e9, 0, 2},
    {"wresnet-2b", "wresnet", "Alpa", 50, 448, 0, 224, 1536, 1024, 2e9, 0, 2},
    {"wresnet-4b", "wresnet", "Alpa", 50, 640, 0, 224, 1536, 1024, 4e9, 0, 2},
    {"wresnet-6.8b", "wresnet", "Alpa", 50, 320, 0, 224, 1536, 1024, 6.8e9, 0, 16},
    {"wresnet-13b", "wresnet", "Alpa", 101, 320, 0, 224, 1520, 1024, 13e9, 0, 16},
    {"gpt-350m", "gpt", "Alpa", 24, 1024, 16, 1024, 8, 51200, 350e6, 0, 0},
    {"gpt-1.3b", "gpt", "Alpa", 24, 2048, 32, 1024, 8, 51200, 1.3e9, 0, 0},
    {"gpt-2.6b", "gpt", "Alpa", 32, 2560, 32, 1024, 8, 51200, 2.6e9, 0, 0},
    {"gpt-6.7b", "gpt", "Alpa", 32, 4096, 32, 1024, 8, 51200, 6.7e9, 0, 0},
    {"gpt-15b", "gpt", "Alpa", 48, 5120, 40, 1024, 8, 51200, 15e9, 0, 0},
    {"gpt-39b", "gpt", "Alpa", 48, 8192, 64, 1024, 8, 51200, 39e9, 0, 0},
    {"megatron-1.7b", "gpt", "Megatron-LM", 24, 2304, 24, 2048, 4, 51200, 1.7e9, 0, 0},
    {"megatron-3.6b", "gpt", "Megatron-LM", 30, 3072, 32, 2048, 4, 51200, 3.6e9, 0, 0},
    {"megatron-7.5b", "gpt", "Megatron-LM", 36, 4096, 32, 2048, 4, 51200, 7.5e9, 0, 0},
    {"megatron-18.4b", "gpt", "Megatron-LM", 40, 6144, 48, 2048, 4, 51200, 18.4e9, 0, 0},
    {"megatron-39.1b", "gpt", "Megatron-LM", 48, 8192, 64, 2048, 4, 51200, 39.1e9, 0, 0},
    {"megatron-76.1b", "gpt", "Megatron-LM", 60, 10240, 80, 2048, 4, 51200, 76.1e9, 0, 0},
    {"megatron-145.6b", "gpt", "Megatron-LM", 80, 12288, 96, 2048, 4, 51200, 145.6e9, 0, 0},
    {"megatron-310.1b", "gpt", "Megatron-LM", 96, 16384, 128, 2048, 4, 51200, 310.1e9, 0, 0},
    {"megatron-529.6b", "gpt", "Megatron-LM", 105, 20480, 128, 2048, 4, 51200, 529.6e9, 0, 0},
    /* GPT-3 175B (Brown et al. 2020): 96 layers, 12288 hidden, 96 heads. */
    {"gpt3-175b", "gpt", "GPT-3", 96, 12288, 96, 2048, 1, 51200, 175e9, 0, 0},
    {"megatron-1t", "gpt", "Megatron-LM", 128, 25600, 160, 2048, 4, 51200, 1008e9, 0, 0},
};

static double published;

void apModelReport(const apModelConfig *c, const char *what, double params) {
  if (!c->stats)
    return;
  fprintf(stderr, "%s: %.6g parameters", what, params);
  if (!strcmp(c->family, "gpt") || !strcmp(c->family, "moe")) {
    /* per block: attention 4 h^2 + 4 h (q, k, v, o with biases), two
     * LayerNorms 4 h, MLP 2 h f + f + h; a MoE block has a gate h E and E
     * bias-free experts 2 h f instead. Embeddings (V + s) h, final LayerNorm
     * 2 h, an untied head V h. With f = 4 h: 12 L h^2 + 13 L h + ... */
    double L = (double)c->layers, h = (double)c->hidden, V = (double)c->vocab,
           s = (double)c->seq, f = (double)c->ffn, E = (double)c->experts;
    double moeLayers = !strcmp(c->family, "moe") ? floor(L / 2) : 0;
    double closed = L * (4 * h * h + 8 * h) + (L - moeLayers) * (2 * h * f + f + h) +
                    moeLayers * (h * E + 2 * h * f * E) + (V + s) * h + 2 * h +
                    (c->tiedHead ? 0 : V * h);
    fprintf(stderr, ", closed form %.6g", closed);
  }
  if (!strcmp(c->family, "llama")) {
    /* per layer 2 norms, q and o (h^2 each), k and v (h g d each), SwiGLU
     * 3 h f; embedding and untied head 2 V h; final norm h */
    double L = (double)c->layers, h = (double)c->hidden, V = (double)c->vocab,
           f = (double)c->ffn, kv = (double)c->kvHeads * (double)(c->hidden / c->heads);
    double closed = L * (2 * h + 2 * h * h + 2 * h * kv + 3 * h * f) + 2 * V * h + h;
    fprintf(stderr, ", closed form %.6g", closed);
  }
  if (!strcmp(c->family, "wresnet")) {
    /* stem 7x7x3 f0 + BN; per bottleneck block with input channels c_in
     * and filters f: c_in f + 9 f (w f) + (w f) 4 f conv weights, BN 2 (f +
     * w f + 4 f), a projection c_in 4 f + 8 f where the shape changes; the
     * classifier 4 f_last K + K. */
    static const int s50[] = {3, 4, 6, 3}, s101[] = {3, 4, 23, 3}, s152[] = {3, 8, 36, 3},
                     s8[] = {1, 1};
    const int *st = c->layers == 50 ? s50 : c->layers == 101 ? s101 : c->layers == 152 ? s152 : s8;
    int ns = c->layers == 8 ? 2 : 4;
    double f0 = (double)c->hidden, w = (double)c->width, cin = f0;
    double closed = 49 * 3 * f0 + 2 * f0;
    for (int i = 0; i < ns; ++i)
      for (int j = 0; j < st[i]; ++j) {
        double f = f0 * (double)(1 << i);
        closed += cin * f + 9 * f * w * f + w * f * 4 * f + 2 * (f + w * f + 4 * f);
        if (cin != 4 * f || (i > 0 && j == 0))
          closed += cin * 4 * f + 8 * f;
        cin = 4 * f;
      }
    closed += cin * (double)c->vocab + (double)c->vocab;
    fprintf(stderr, ", closed form %.6g", closed);
  }
  if (published > 0)
    fprintf(stderr, ", published %.4g (%+.2f%%)", published, 100 * (params / published - 1));
  fprintf(stderr, "\n");
}

static void usage(FILE *f) {
  fprintf(f,
          "USAGE: ap-models FAMILY [options]   writes a training step as MLIR to stdout\n"
          "FAMILIES: mlp, gpt, llama, moe (GPT blocks, experts in every other one),\n"
          "          wresnet (hidden = base filters, seq = image size, vocab = classes)\n"
          "OPTIONS:\n"
          "  --preset NAME      a named configuration (--list-presets)\n"
          "  --layers N --hidden N --heads N --seq N --batch N --vocab N --ffn N\n"
          "  --kv-heads N       key-value heads of grouped-query attention (llama)\n"
          "  --experts N --capacity N   experts per MoE layer, slots per expert (moe)\n"
          "  --width N          width factor of the bottleneck's 3x3 conv (wresnet, default 2)\n"
          "  --untied-head      a separate LM head (gpt; default tied to the embedding)\n"
          "  --optimizer sgd|adam   (default sgd)   --lr X (default 0.01)\n"
          "  --dtype f32|bf16|f64   (default f32)\n"
          "  --gradcheck        add a @main checking gradients by finite differences\n"
          "                     (SGD; run it with mlir-runner, see test/Models)\n"
          "  --structure-only   no ap.layer attributes and no locations\n"
          "  --stats            parameter count (and closed form, published size) on stderr\n"
          "  -o FILE            write to FILE instead of stdout\n");
}

static int64_t number(const char *flag, const char *v) {
  char *end;
  long long n = v ? strtoll(v, &end, 10) : 0;
  if (!v || *end || n <= 0 || n > (1LL << 40)) {
    fprintf(stderr, "ap-models: %s needs a positive integer\n", flag);
    exit(1);
  }
  return n;
}

int main(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2;
  }
  if (!strcmp(argv[1], "--list-presets")) {
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; ++i)
      printf("%-4s %-16s L=%lld h=%lld heads=%lld seq=%lld (%s)\n", presets[i].family,
             presets[i].name, (long long)presets[i].layers, (long long)presets[i].hidden,
             (long long)presets[i].heads, (long long)presets[i].seq, presets[i].source);
    return 0;
  }
  apModelConfig c = {.family = argv[1], .layers = 2, .hidden = 16, .heads = 2, .seq = 8,
                     .batch = 8, .vocab = 64, .tiedHead = true, .optimizer = OPT_SGD,
                     .lr = 0.01, .dtype = "f32"};
  if (strcmp(c.family, "mlp") && strcmp(c.family, "gpt") && strcmp(c.family, "llama") &&
      strcmp(c.family, "moe") && strcmp(c.family, "wresnet")) {
    fprintf(stderr, "ap-models: unknown family '%s' (mlp, gpt, llama, moe, wresnet)\n",
            c.family);
    return 1;
  }
  const char *outPath = NULL;
  bool structureOnly = false;
  for (int i = 2; i < argc; ++i) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--preset")) {
      size_t k = 0;
      while (k < sizeof presets / sizeof presets[0] &&
             (!v || strcmp(presets[k].name, v) || strcmp(presets[k].family, c.family)))
        ++k;
      if (k == sizeof presets / sizeof presets[0]) {
        fprintf(stderr, "ap-models: no %s preset '%s' (see --list-presets)\n", c.family,
                v ? v : "");
        return 1;
      }
      const apPreset *p = &presets[k];
      c.layers = p->layers, c.hidden = p->hidden, c.heads = p->heads, c.seq = p->seq;
      c.batch = p->batch, c.vocab = p->vocab, c.experts = p->experts, c.width = p->width;
      published = p->publishedParams;
      ++i;
    } else if (!strcmp(a, "--layers")) {
      c.layers = number(a, v), ++i;
    } else if (!strcmp(a, "--hidden")) {
      c.hidden = number(a, v), ++i;
    } else if (!strcmp(a, "--heads")) {
      c.heads = number(a, v), ++i;
    } else if (!strcmp(a, "--seq")) {
      c.seq = number(a, v), ++i;
    } else if (!strcmp(a, "--batch")) {
      c.batch = number(a, v), ++i;
    } else if (!strcmp(a, "--vocab")) {
      c.vocab = number(a, v), ++i;
    } else if (!strcmp(a, "--kv-heads")) {
      c.kvHeads = number(a, v), ++i;
    } else if (!strcmp(a, "--experts")) {
      c.experts = number(a, v), ++i;
    } else if (!strcmp(a, "--capacity")) {
      c.capacity = number(a, v), ++i;
    } else if (!strcmp(a, "--width")) {
      c.width = number(a, v), ++i;
    } else if (!strcmp(a, "--ffn")) {
      c.ffn = number(a, v), ++i;
    } else if (!strcmp(a, "--untied-head")) {
      c.tiedHead = false;
    } else if (!strcmp(a, "--optimizer") && v && (!strcmp(v, "sgd") || !strcmp(v, "adam"))) {
      c.optimizer = !strcmp(v, "adam") ? OPT_ADAM : OPT_SGD, ++i;
    } else if (!strcmp(a, "--lr") && v) {
      c.lr = atof(v), ++i;
    } else if (!strcmp(a, "--dtype") && v &&
               (!strcmp(v, "f32") || !strcmp(v, "bf16") || !strcmp(v, "f64"))) {
      c.dtype = v, ++i;
    } else if (!strcmp(a, "--structure-only")) {
      structureOnly = true;
    } else if (!strcmp(a, "--gradcheck")) {
      c.gradcheck = true;
    } else if (!strcmp(a, "--stats")) {
      c.stats = true;
    } else if (!strcmp(a, "-o") && v) {
      outPath = v, ++i;
    } else {
      fprintf(stderr, "ap-models: bad option '%s' (see --help)\n", a);
      return 1;
    }
  }
  if (!c.ffn)
    c.ffn = !strcmp(c.family, "llama") ? (c.hidden == 4096 ? 11008 : 8 * c.hidden / 3)
            : !strcmp(c.family, "moe") ? 8 * c.hidden /* Alpa's MoE: mlp_factor 8 */
                                       : 4 * c.hidden;
  if (!strcmp(c.family, "moe")) {
    if (!c.experts)
      c.experts = 4;
    /* GShard's capacity: two choices per token, spread evenly, factor 1 */
    if (!c.capacity)
      c.capacity = (2 * c.seq + c.experts - 1) / c.experts;
  }
  if (!strcmp(c.family, "llama") && !c.kvHeads)
    c.kvHeads = c.heads == 4 ? 2 : c.heads; /* the tiny preset exercises grouping */
  if (c.gradcheck && c.optimizer != OPT_SGD) {
    fprintf(stderr, "ap-models: --gradcheck reads gradients from the SGD update: use sgd\n");
    return 1;
  }
  if (!strcmp(c.family, "wresnet") && !c.width)
    c.width = 2;
  if (strcmp(c.family, "mlp") && strcmp(c.family, "wresnet") && c.hidden % c.heads) {
    fprintf(stderr, "ap-models: hidden (%lld) must be a multiple of heads (%lld)\n",
            (long long)c.hidden, (long long)c.heads);
    return 1;
  }
  FILE *out = outPath ? fopen(outPath, "w") : stdout;
  if (!out) {
    fprintf(stderr, "ap-models: cannot write '%s'\n", outPath);
    return 1;
  }
  /* Large buffered writes: the biggest presets are hundreds of MB of text. */
  static char buf[1 << 20];
  setvbuf(out, buf, _IOFBF, sizeof buf);
  emCtx em;
  emInit(&em, out, c.dtype, structureOnly);
  int rc = !strcmp(c.family, "mlp")       ? apModelMlp(&em, &c)
           : !strcmp(c.family, "llama")   ? apModelLlama(&em, &c)
           : !strcmp(c.family, "wresnet") ? apModelWideResNet(&em, &c)
                                        : apModelGpt(&em, &c); /* gpt, moe */
  if (c.stats)
    fprintf(stderr, "%s: %.6g FLOPs per step (multiply and add counted apart)\n", c.family,
            em.flops);
  if (fclose(out) != 0) {
    fprintf(stderr, "ap-models: write failed\n");
    rc = 1;
  }
  if (rc && outPath)
    remove(outPath);
  return rc;
}
