/* Draws the plan report from the JSON in #ap-plan-data: one section per
 * plan, in the order the passes ran. Plain DOM and SVG, no libraries, so
 * the page works offline and from a file. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ap-plan-data").textContent);
  var app = document.getElementById("app");
  var SVGNS = "http://www.w3.org/2000/svg";
  var COLOURS = ["#3b6fb6", "#e07b39", "#3f9e6e", "#c9475b", "#7a5cc2", "#2a9fb0",
                 "#b48a1e", "#d0608f", "#5f7d3a", "#8a6a52", "#4a5fa8", "#a34d2f"];
  var UNUSED = "#d9e2ec";

  /* --- DOM helpers ------------------------------------------------------ */
  function fill(e, attrs, kids) {
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null) return;
      if (k === "text") e.textContent = v;
      else e.setAttribute(k, v);
    });
    (Array.isArray(kids) ? kids : [kids]).forEach(function (k) {
      if (k === undefined || k === null) return;
      e.appendChild(typeof k === "string" ? document.createTextNode(k) : k);
    });
    return e;
  }
  function h(tag, attrs, kids) { return fill(document.createElement(tag), attrs, kids); }
  function s(tag, attrs, kids) { return fill(document.createElementNS(SVGNS, tag), attrs, kids); }

  /* --- numbers ---------------------------------------------------------- */
  function isNum(x) { return typeof x === "number" && isFinite(x); }
  function sig(x) { return String(Number(x.toPrecision(3))); }
  function fmtTime(x) {
    if (!isNum(x)) return "n/a";
    var a = Math.abs(x);
    if (a === 0) return "0 s";
    if (a < 1e-6) return sig(x * 1e9) + " ns";
    if (a < 1e-3) return sig(x * 1e6) + " \u00b5s";
    if (a < 1) return sig(x * 1e3) + " ms";
    return sig(x) + " s";
  }
  function fmtBytes(b) {
    if (!isNum(b)) return "n/a";
    var units = ["B", "KiB", "MiB", "GiB", "TiB"], i = 0;
    while (Math.abs(b) >= 1024 && i < units.length - 1) { b /= 1024; ++i; }
    return (i ? sig(b) : String(Math.round(b))) + " " + units[i];
  }
  function fmtPct(x) {
    if (!isNum(x)) return "n/a";
    return Math.abs(x) < 1e-9 ? "0%" : sig(100 * x) + "%";
  }
  /* Locations without their folders: the file name is what tells ops apart. */
  function shortLoc(loc) { return String(loc || "").replace(/[^\s"():]*\//g, ""); }
  function fmtInt(x) { return isNum(x) ? x.toLocaleString("en-US") : "n/a"; }
  /* Time axis: one unit for the whole axis, chosen by its span. */
  function timeUnit(span) {
    if (span < 1e-6) return [1e9, "ns"];
    if (span < 1e-3) return [1e6, "\u00b5s"];
    if (span < 1) return [1e3, "ms"];
    return [1, "s"];
  }
  function niceStep(raw) {
    var p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }
  /* A colour mixed with white: t = 0 the colour, 1 white. */
  function tint(hex, t) {
    var n = parseInt(hex.slice(1), 16), out = "#";
    [16, 8, 0].forEach(function (sh) {
      var c = (n >> sh) & 255;
      c = Math.round(c + (255 - c) * t);
      out += (c < 16 ? "0" : "") + c.toString(16);
    });
    return out;
  }
  function stageColour(k) { return COLOURS[k % COLOURS.length]; }
  function layersText(l) {
    return l[0] === l[1] ? "layer " + l[0] : "layers " + l[0] + "\u2013" + l[1];
  }

  /* --- page pieces ------------------------------------------------------ */
  var toc = document.getElementById("toc");
  function section(id, title, subtitle) {
    var sec = h("section", {class: "card", id: id}, [
      h("div", {class: "card-head"}, [h("h2", {text: title}),
                                      subtitle ? h("div", {class: "sub", text: subtitle}) : null])]);
    toc.appendChild(h("a", {href: "#" + id, text: title}));
    app.appendChild(sec);
    return sec;
  }
  function kpis(items) {
    return h("div", {class: "kpis"}, items.map(function (it) {
      return h("div", {class: "kpi" + (it.accent ? " accent" : "")}, [
        h("div", {class: "label", text: it.label}),
        h("div", {class: "value", text: it.value}),
        it.sub ? h("div", {class: "sub", text: it.sub}) : null]);
    }));
  }
  function note(text, kind) { return h("p", {class: "note" + (kind ? " " + kind : ""), text: text}); }
  function clusterText(c) {
    if (!c) return "no cluster recorded";
    var parts = (c.groups || []).map(function (g) {
      return g.nodes + " \u00d7 " + g.gpus_per_node + " " + g.device;
    });
    return (c.name || "custom") + (parts.length ? ": " + parts.join(" + ") : "") +
           (c.mesh ? ", mesh " + c.mesh.join("\u00d7") : "");
  }

  /* --- the device mesh --------------------------------------------------- */
  /* Every device of the cluster, numbered as the planners number them:
   * node groups in order, nodes in order, GPUs in order. */
  function devicesOf(c) {
    var out = [];
    if (c && c.groups && c.groups.length) {
      var node = 0;
      c.groups.forEach(function (g) {
        for (var n = 0; n < g.nodes; ++n, ++node)
          for (var k = 0; k < g.gpus_per_node; ++k)
            out.push({id: out.length, node: node, gpu: k, type: g.device});
      });
      return out;
    }
    /* An alpha/beta spec names no nodes: rows along the last mesh axis. */
    var mesh = (c && c.mesh) || [1], row = mesh[mesh.length - 1];
    var total = mesh.reduce(function (a, b) { return a * b; }, 1);
    for (var i = 0; i < total; ++i)
      out.push({id: i, node: Math.floor(i / row), gpu: i % row, type: "", rowOnly: true});
    return out;
  }
  function meshView(c, paint, legend) {
    var devs = devicesOf(c), compact = devs.length > 128;
    var box = h("div", {class: "mesh" + (compact ? " compact" : "")});
    var row = null, node = -1;
    devs.forEach(function (d) {
      if (d.node !== node) {
        node = d.node;
        row = h("div", {class: "cells"});
        box.appendChild(h("div", {class: "node-row"}, [
          h("div", {class: "node-label"}, [
            h("b", {text: (d.rowOnly ? "row " : "node ") + d.node}),
            d.type ? h("span", {text: d.type}) : null]),
          row]));
      }
      var p = paint(d);
      row.appendChild(h("div", {
        class: "cell", style: "background:" + p.colour + ";color:" + (p.ink || "#fff"),
        title: "device " + d.id + (d.type ? " (" + d.type + ")" : "") + ": " + p.title,
        "data-device": d.id, "data-stage": p.stage
      }, compact ? null : [h("span", {class: "dev", text: "GPU " + d.id}),
                           h("span", {class: "tag", text: p.label})]));
    });
    var wrap = h("div", {class: "mesh-wrap"}, [box]);
    wrap.appendChild(h("div", {class: "legend"}, legend.map(function (l) {
      return h("span", {class: "item"}, [
        h("span", {class: "swatch", style: "background:" + l.colour}), l.text]);
    })));
    return wrap;
  }
  function stageOfDevice(stages) {
    return function (d) {
      for (var k = 0; k < stages.length; ++k) {
        var st = stages[k], n = st.submesh[0] * st.submesh[1];
        if (d.id >= st.first_device && d.id < st.first_device + n)
          return {colour: stageColour(k), label: "stage " + k, stage: k,
                  title: "stage " + k + ", " + layersText(st.layers)};
      }
      return {colour: UNUSED, ink: "#52606d", label: "no stage", title: "in no stage"};
    };
  }
  /* Devices fill the mesh row-major: the colour is the position along
   * axis 0, the shade the position along axis 1. */
  function meshAxes(c) {
    var mesh = (c && c.mesh) || [1];
    return function (d) {
      var coords = [], rest = d.id;
      for (var a = mesh.length - 1; a >= 0; --a) {
        coords.unshift(rest % mesh[a]);
        rest = Math.floor(rest / mesh[a]);
      }
      var shade = mesh.length > 1 ? 0.5 * coords[1] / mesh[1] : 0;
      return {colour: tint(stageColour(coords[0]), shade), label: "(" + coords.join(",") + ")",
              title: "mesh coordinates (" + coords.join(", ") + ")"};
    };
  }
  function axisLegend(c) {
    var mesh = (c && c.mesh) || [1], levels = (c && c.mesh_levels) || [];
    var out = [];
    for (var i = 0; i < Math.min(mesh[0], COLOURS.length); ++i)
      out.push({colour: stageColour(i), text: "axis 0 = " + i});
    mesh.forEach(function (n, a) {
      var link = levels[a] === "inter" ? "between nodes" : levels[a] === "intra" ? "inside a node" : "";
      out.push({colour: "transparent", text: "axis " + a + ": " + n + " devices" + (link ? ", " + link : "")});
    });
    return out;
  }

  /* --- the pipeline timeline ------------------------------------------- */
  var patterns = 0;
  function timelineView(tl, stages) {
    var P = tl.stages.length, T = tl.iteration_s > 0 ? tl.iteration_s : 1e-12;
    var W = 1200, left = 150, right = 16, top = 30, rowH = 30, gap = 8, axisH = 30;
    var rowsH = P * (rowH + gap) - gap, H = top + rowsH + axisH;
    var plotW = W - left - right;
    function x(t) { return left + t / T * plotW; }
    var hatch = "ap-idle-" + (++patterns);
    var svg = s("svg", {class: "timeline", viewBox: "0 0 " + W + " " + H, width: "100%",
                        role: "img", "aria-label": "pipeline schedule, " + P + " stages"});
    svg.appendChild(s("defs", {}, [
      s("pattern", {id: hatch, width: 6, height: 6, patternUnits: "userSpaceOnUse",
                    patternTransform: "rotate(45)"}, [
        s("rect", {width: 6, height: 6, fill: "#f4f6f9"}),
        s("line", {x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#dde3ea", "stroke-width": 2.5})])]));
    /* Axis and grid. */
    var unit = timeUnit(T), step = niceStep(T / 8);
    var grid = s("g", {class: "tl-grid"});
    for (var i = 0; i * step <= T * (1 + 1e-9); ++i) {
      var t = i * step, gx = x(t);
      grid.appendChild(s("line", {x1: gx, x2: gx, y1: top - 4, y2: top + rowsH + 4}));
      grid.appendChild(s("text", {x: gx, y: top + rowsH + 20, "text-anchor": "middle",
                                  text: String(Number((t * unit[0]).toPrecision(6)))}));
    }
    grid.appendChild(s("text", {x: left - 10, y: top + rowsH + 20, "text-anchor": "end",
                                class: "tl-unit", text: unit[1]}));
    svg.appendChild(grid);
    /* One row per stage: idle hatched underneath, the steps on top. */
    tl.stages.forEach(function (row, k) {
      var y = top + k * (rowH + gap), st = stages[k] || {}, colour = stageColour(k);
      var n = st.submesh ? st.submesh[0] * st.submesh[1] : 0;
      svg.appendChild(s("text", {x: 12, y: y + 13, class: "tl-stage", text: "Stage " + k}));
      svg.appendChild(s("text", {x: 12, y: y + 26, class: "tl-stage-sub",
        text: st.submesh ? st.submesh.join("\u00d7") + " \u00b7 GPU " + st.first_device +
              (n > 1 ? "\u2013" + (st.first_device + n - 1) : "") : ""}));
      svg.appendChild(s("rect", {x: left, y: y, width: plotW, height: rowH, rx: 3,
                                 fill: "url(#" + hatch + ")", class: "tl-idle"}));
      var g = s("g", {class: "tl-row", "data-stage": k});
      row.steps.forEach(function (step) {
        var mb = step[0], bwd = step[1] === 1, x0 = x(step[2]), w = Math.max(x(step[3]) - x0, 2);
        var box = s("rect", {x: x0, y: y, width: w, height: rowH, rx: 2,
                             fill: bwd ? colour : tint(colour, 0.55),
                             stroke: "#fff", "stroke-width": 0.75, class: "tl-box",
                             "data-stage": k, "data-micro-batch": mb,
                             "data-phase": bwd ? "backward" : "forward"}, [
          s("title", {text: "stage " + k + ", " + (bwd ? "backward" : "forward") +
                            " of micro-batch " + mb + ": " + fmtTime(step[2]) + " \u2013 " +
                            fmtTime(step[3])})]);
        g.appendChild(box);
        if (w >= 20)
          g.appendChild(s("text", {x: x0 + w / 2, y: y + rowH / 2 + 4, "text-anchor": "middle",
                                   class: "tl-label" + (bwd ? " dark" : ""),
                                   text: (bwd ? "B" : "F") + mb}));
      });
      svg.appendChild(g);
    });
    /* The iteration ends when the last stage step does. */
    svg.appendChild(s("line", {x1: x(T), x2: x(T), y1: top - 12, y2: top + rowsH + 4,
                               class: "tl-iteration"}));
    svg.appendChild(s("text", {x: x(T) - 4, y: top - 16, "text-anchor": "end",
                               class: "tl-iteration-label",
                               text: "iteration " + fmtTime(tl.iteration_s)}));
    var legend = h("div", {class: "legend"}, [
      h("span", {class: "item"}, [h("span", {class: "swatch", style: "background:" + tint(COLOURS[0], 0.55)}),
                                  "F n: forward of micro-batch n"]),
      h("span", {class: "item"}, [h("span", {class: "swatch", style: "background:" + COLOURS[0]}),
                                  "B n: backward"]),
      h("span", {class: "item"}, [h("span", {class: "swatch hatched"}), "idle (bubble)"]),
      h("span", {class: "item"}, [h("span", {class: "swatch dashed"}), "end of the iteration"])]);
    return h("div", {class: "timeline-wrap"}, [svg, legend]);
  }

  /* --- tables --------------------------------------------------------- */
  /* columns: {title, get(row) -> sort key, show(row) -> text, num, cls}.
   * Clicking a header sorts by it; numbers start largest first. */
  var tables = [];
  function table(columns, rows, opts) {
    opts = opts || {};
    var thead = h("tr"), tbody = h("tbody"), state = {col: -1, dir: 1};
    var trs = rows.map(function (r, i) {
      var tr = h("tr", {class: opts.rowClass || null, "data-index": i});
      columns.forEach(function (c) {
        tr.appendChild(h("td", {class: (c.num ? "num" : "") + (c.cls ? " " + c.cls : ""),
                                title: c.tip ? c.tip(r) : null, text: c.show(r)}));
      });
      tbody.appendChild(tr);
      return {row: r, tr: tr, index: i};
    });
    function sortBy(ci) {
      var c = columns[ci];
      state.dir = state.col === ci ? -state.dir : (c.num ? -1 : 1);
      state.col = ci;
      trs.sort(function (a, b) {
        var x = c.get(a.row), y = c.get(b.row), d;
        if (c.num) d = (isNum(x) ? x : -Infinity) - (isNum(y) ? y : -Infinity);
        else d = String(x).localeCompare(String(y), "en", {numeric: true});
        return d ? d * state.dir : a.index - b.index;
      });
      var frag = document.createDocumentFragment();
      trs.forEach(function (t) { frag.appendChild(t.tr); });
      tbody.appendChild(frag);
      Array.prototype.forEach.call(thead.children, function (th, j) {
        th.setAttribute("aria-sort", j === ci ? (state.dir > 0 ? "ascending" : "descending") : "none");
      });
    }
    columns.forEach(function (c, ci) {
      var th = h("th", {class: c.num ? "num" : null, "aria-sort": "none", tabindex: 0,
                        title: "sort by " + c.title.toLowerCase(), text: c.title});
      th.addEventListener("click", function () { sortBy(ci); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(ci); }
      });
      thead.appendChild(th);
    });
    tables.push({columns: columns, sortBy: sortBy});
    var tab = h("table", {class: "data sortable"}, [h("thead", {}, thead), tbody]);
    return {el: h("div", {class: "table-wrap" + (opts.tall ? " tall" : "")}, tab), rows: trs};
  }

  /* --- sections --------------------------------------------------------- */
  function pipelineSection(e, idx, drawMesh) {
    var plan = e.plan || {}, tl = e.timeline || {}, stages = plan.stages || [];
    var used = stages.reduce(function (a, st) { return a + st.submesh[0] * st.submesh[1]; }, 0);
    var total = devicesOf(e.cluster).length;
    var sec = section("pipeline-" + idx, "Pipeline plan",
                      stages.length + " stages \u00b7 " + plan.micro_batches + " micro-batches \u00b7 " +
                      String(plan.schedule || "1f1b").toUpperCase() + " schedule \u00b7 " +
                      clusterText(e.cluster));
    var items = [
      {label: "Iteration", value: fmtTime(tl.iteration_s), accent: true,
       sub: "schedule simulated"},
      {label: "DP estimate", value: fmtTime(plan.iteration_s), sub: "Alpa's stage DP"},
      {label: "Bubble", value: fmtPct(tl.bubble), sub: "idle share of stage time"},
      {label: "Stages", value: String(stages.length), sub: plan.micro_batches + " micro-batches"},
      {label: "Devices", value: used + " of " + total, sub: "in pipeline stages"}];
    if (plan.refinement)
      items.push({label: "Refinement", value: String(plan.refinement.winner),
                  sub: fmtTime(plan.refinement.refined_s) + " after " + plan.refinement.moves + " moves"});
    sec.appendChild(kpis(items));
    sec.appendChild(h("h3", {text: "Schedule"}));
    if (tl.error) {
      sec.appendChild(note("No timeline: " + tl.error + ".", "warn"));
    } else {
      if (tl.times !== "plan")
        sec.appendChild(note("The plan gives no per-stage forward_s/backward_s: each stage's " +
                             "time per micro-batch is split 1:2 between its forward and its " +
                             "backward pass.", "warn"));
      sec.appendChild(timelineView(tl, stages));
    }
    sec.appendChild(h("h3", {text: "Stages"}));
    var rows = stages.map(function (st, k) {
      return {k: k, st: st, tl: (tl.stages || [])[k] || {}};
    });
    sec.appendChild(table([
      {title: "Stage", num: true, get: function (r) { return r.k; }, show: function (r) { return String(r.k); }},
      {title: "Layers", get: function (r) { return r.st.layers[0]; },
       show: function (r) { return r.st.layers[0] === r.st.layers[1] ? String(r.st.layers[0]) : r.st.layers.join("\u2013"); }},
      {title: "Submesh", get: function (r) { return r.st.submesh.join("x"); },
       show: function (r) { return r.st.submesh.join(" \u00d7 "); }},
      {title: "Devices", num: true, get: function (r) { return r.st.first_device; },
       show: function (r) {
         var n = r.st.submesh[0] * r.st.submesh[1];
         return n > 1 ? r.st.first_device + "\u2013" + (r.st.first_device + n - 1) : String(r.st.first_device);
       }},
      {title: "Device", get: function (r) { return r.st.device || ""; }, show: function (r) { return r.st.device || ""; }},
      {title: "Forward", num: true, get: function (r) { return r.tl.forward_s; }, show: function (r) { return fmtTime(r.tl.forward_s); }},
      {title: "Backward", num: true, get: function (r) { return r.tl.backward_s; }, show: function (r) { return fmtTime(r.tl.backward_s); }},
      {title: "Per micro-batch", num: true, get: function (r) { return r.st.time_per_micro_batch_s; },
       show: function (r) { return fmtTime(r.st.time_per_micro_batch_s); }},
      {title: "In flight", num: true, get: function (r) { return r.tl.max_in_flight; },
       show: function (r) { return isNum(r.tl.max_in_flight) ? String(r.tl.max_in_flight) : "n/a"; }},
      {title: "Memory", num: true, get: function (r) { return r.st.memory_bytes; }, show: function (r) { return fmtBytes(r.st.memory_bytes); }}
    ], rows, {rowClass: "stage-row"}).el);
    if (drawMesh) {
      sec.appendChild(h("h3", {text: "Devices by stage"}));
      var legend = stages.map(function (st, k) {
        return {colour: stageColour(k), text: "stage " + k + ": " + layersText(st.layers) +
                " on " + st.submesh.join("\u00d7")};
      });
      if (used < total)
        legend.push({colour: UNUSED, text: "in no stage"});
      sec.appendChild(meshView(e.cluster, stageOfDevice(stages), legend));
    }
  }

  function shardSection(e, idx, fn, fi, drawMesh) {
    var sec = section("shard-" + idx + "-" + fi, "@" + fn.function,
                      "auto-shard on mesh " + fn.mesh + " \u00b7 " + clusterText(e.cluster));
    sec.appendChild(kpis([
      {label: "Objective", value: fmtTime(fn.objective_s), accent: true, sub: "ILP, " + fn.status},
      {label: "Best bound", value: fmtTime(fn.bound_s), sub: "gap " + fmtPct(fn.gap)},
      {label: "Compute", value: fmtTime(fn.compute_s)},
      {label: "Op collectives", value: fmtTime(fn.communication_s)},
      {label: "Resharding", value: fmtTime(fn.resharding_s)},
      {label: "Peak memory", value: fmtBytes(fn.peak_memory_bytes),
       sub: "budget " + (fn.memory_budget_bytes > 0 ? fmtBytes(fn.memory_budget_bytes) : "none")},
      {label: "ILP size", value: fmtInt(fn.ilp_vars) + " vars",
       sub: fmtInt(fn.ilp_constraints) + " constraints; " + fmtInt(fn.ilp_nodes) + " nodes, " +
            fmtInt(fn.ilp_edges) + " edges"},
      {label: "Graph", value: fmtInt(fn.graph_nodes) + " nodes",
       sub: fmtInt(fn.followers_merged) + " followers merged, " + fmtInt(fn.layer_tied_nodes) + " tied"}]));
    if (drawMesh) {
      sec.appendChild(h("h3", {text: "Devices by mesh axes"}));
      sec.appendChild(meshView(e.cluster, meshAxes(e.cluster), axisLegend(e.cluster)));
    }
    var ops = fn.ops || [];
    var t = table([
      {title: "#", num: true, get: function (r) { return r.i; }, show: function (r) { return String(r.i); }},
      {title: "Op", cls: "mono", get: function (r) { return r.op.op; }, show: function (r) { return r.op.op; }},
      {title: "Location", cls: "mono dim", get: function (r) { return r.op.loc; },
       show: function (r) { return shortLoc(r.op.loc); }, tip: function (r) { return r.op.loc; }},
      {title: "Strategy", cls: "mono", get: function (r) { return r.op.strategy; }, show: function (r) { return r.op.strategy; },
       tip: function (r) { return "results: " + (r.op.results || []).join(", "); }},
      {title: "Compute", num: true, get: function (r) { return r.op.compute_s; }, show: function (r) { return fmtTime(r.op.compute_s); }},
      {title: "Communication", num: true, get: function (r) { return r.op.communication_s; },
       show: function (r) { return fmtTime(r.op.communication_s); }},
      {title: "Memory", num: true, get: function (r) { return r.op.memory_bytes; }, show: function (r) { return fmtBytes(r.op.memory_bytes); }},
      {title: "Strategies", num: true, get: function (r) { return r.op.strategies; }, show: function (r) { return fmtInt(r.op.strategies); }},
      {title: "Rule", cls: "dim rule", get: function (r) { return r.op.rule; }, show: function (r) { return r.op.rule; }}
    ], ops.map(function (op, i) { return {op: op, i: i}; }), {rowClass: "op-row", tall: true});
    var count = h("span", {class: "count", text: ops.length + " ops"});
    var filter = h("input", {type: "search", class: "filter", placeholder: "Filter ops, strategies, rules\u2026",
                             "aria-label": "filter ops"});
    filter.addEventListener("input", function () {
      var q = filter.value.toLowerCase(), shown = 0;
      t.rows.forEach(function (r) {
        var hit = !q || [r.row.op.op, r.row.op.loc, r.row.op.strategy, r.row.op.rule]
                          .join(" ").toLowerCase().indexOf(q) >= 0;
        r.tr.hidden = !hit;
        shown += hit;
      });
      count.textContent = (q ? shown + " of " : "") + ops.length + " ops";
    });
    sec.appendChild(h("div", {class: "toolbar"}, [h("h3", {text: "Ops"}), count, filter]));
    sec.appendChild(note("Click a column header to sort. Times and memory are the cost model's " +
                         "per-device estimates for the chosen strategy.", "hint"));
    sec.appendChild(t.el);
  }

  /* --- the page ----------------------------------------------------------- */
  var plans = data.plans || [];
  var hasPipeline = plans.some(function (e) { return e.timeline; });
  if (!plans.length)
    app.appendChild(h("section", {class: "card"}, note(
      "No planning pass ran: add --auto-shard or --ap-pipeline-plan to draw a plan.", "warn")));
  var meshDrawn = false;
  plans.forEach(function (e, idx) {
    var plan = e.plan || {};
    if (e.timeline) {
      pipelineSection(e, idx, true);
    } else {
      (plan.functions || []).forEach(function (fn, fi) {
        /* The pipeline's stages colour the mesh when there is one. */
        shardSection(e, idx, fn, fi, !hasPipeline && !meshDrawn);
        meshDrawn = true;
      });
    }
  });
  /* A link can ask for a sorted view: page.html#sort=compute. */
  var want = /(?:^#|&)sort=([^&]*)/.exec(location.hash);
  if (want)
    tables.forEach(function (t) {
      t.columns.forEach(function (c, ci) {
        if (c.title.toLowerCase() === decodeURIComponent(want[1]).toLowerCase()) t.sortBy(ci);
      });
    });
  app.appendChild(h("footer", {text: "ap-opt --ap-report \u00b7 times, memory and the schedule are the " +
                                     "planners' cost model, not measurements"}));
  document.body.setAttribute("data-rendered", "ok");
})();
