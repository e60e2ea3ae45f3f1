// The `ap` dialect: what upstream MLIR lacks for pipeline parallelism.
// Loaded at run time through mlirLoadIRDLDialects, so ops use generic syntax:
//   "ap.send"(%x) {peer = 1 : i64, tag = 0 : i64} : (tensor<4xf32>) -> ()
// Each attribute needs its own constraint value: IRDL unifies shared ones.
irdl.dialect @ap {
  // Marks a value that leaves pipeline stage `stage` for the next stages,
  // before the module is split into one function per stage.
  irdl.operation @boundary {
    %in = irdl.base "!builtin.tensor"
    %out = irdl.base "!builtin.tensor"
    irdl.operands(value: %in)
    irdl.results(result: %out)
    %stage = irdl.base "#builtin.integer"
    irdl.attributes { "stage" = %stage }
  }
  // Sends a tensor to pipeline stage `peer`; `tag` pairs it with a recv.
  // A unit attribute `split` (on both ends) sends each receiving device only
  // its share, the receivers then all-gathering the whole (Megatron-LM's
  // scatter/gather across a slow link); `split = g : i64` does so in runs
  // of g receivers (a node's), each run gathering its own copy. The value
  // is the same either way.
  irdl.operation @send {
    %tensor = irdl.base "!builtin.tensor"
    irdl.operands(value: %tensor)
    %peer = irdl.base "#builtin.integer"
    %tag = irdl.base "#builtin.integer"
    irdl.attributes { "peer" = %peer, "tag" = %tag }
  }
  // Receives the tensor that stage `peer` sent with the same `tag`.
  irdl.operation @recv {
    %tensor = irdl.base "!builtin.tensor"
    irdl.results(result: %tensor)
    %peer = irdl.base "#builtin.integer"
    %tag = irdl.base "#builtin.integer"
    irdl.attributes { "peer" = %peer, "tag" = %tag }
  }
  // The pipeline schedule: `kind` ("gpipe", "1f1b", ...), the micro-batch
  // count, the stage functions in order, and per device group the ordered
  // list of (stage, micro-batch, phase) steps.
  irdl.operation @schedule {
    %kind = irdl.base "#builtin.string"
    %mb = irdl.base "#builtin.integer"
    %stages = irdl.base "#builtin.array"
    %order = irdl.base "#builtin.array"
    irdl.attributes { "kind" = %kind, "microbatches" = %mb, "stages" = %stages, "order" = %order }
  }
}
