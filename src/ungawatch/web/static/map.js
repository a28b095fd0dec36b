// World maps of a vote (or sponsors): vendored TopoJSON, Natural Earth projection, drawn as
// SVG. Nothing is fetched except the geometry file from this server. Radio buttons switch the
// colouring (plenary vote, committee vote, sponsor role) without reloading.
(function () {
  "use strict";
  if (!window.topojson) { return; }
  var SVG = "http://www.w3.org/2000/svg";
  // Natural Earth data spans y from -0.98 (Tierra del Fuego) to 1.38 (84°N) in projected units.
  var WIDTH = 960, HEIGHT = 416, SCALE = 172, NORTH = 1.4;
  var WORDS = {
    Y: "yes", N: "no", A: "abstained", X: "did not vote", not_member: "not a member",
    no_vote_taken: "adopted without a vote", unknown: "unknown", original: "original sponsor",
    additional: "additional sponsor", withdrawn: "withdrew as sponsor",
    not_sponsor: "not a sponsor", "null": "no committee stage"
  };
  var PREFIX = { vote: "vote-", committee_vote: "vote-", sponsor_role: "role-" };

  function project(lon, lat) {
    // Natural Earth I (Šavrič et al.), as in d3-geo's geoNaturalEarth1.
    var l = lon * Math.PI / 180, p = lat * Math.PI / 180, p2 = p * p, p4 = p2 * p2;
    var x = l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)));
    var y = p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
    return [WIDTH / 2 + x * SCALE, (NORTH - y) * SCALE];
  }

  function ringPath(ring) {
    // Rings that cross the antimeridian (Russia's Chukotka, Fiji) are unwrapped so that they
    // stay continuous; the part beyond 180° falls outside the picture instead of drawing a
    // band across the whole map.
    var previous = null;
    return ring.map(function (point, i) {
      var lon = point[0];
      if (previous !== null) {
        while (lon - previous > 180) { lon -= 360; }
        while (previous - lon > 180) { lon += 360; }
      }
      previous = lon;
      var xy = project(lon, point[1]);
      return (i ? "L" : "M") + xy[0].toFixed(1) + "," + xy[1].toFixed(1);
    }).join("") + "Z";
  }

  function geometryPath(geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.map(function (rings) { return rings.map(ringPath).join(""); }).join("");
  }

  function classOf(row, colourBy) {
    if (!row || row[colourBy] === null || row[colourBy] === undefined) { return "no-data"; }
    return PREFIX[colourBy] + row[colourBy];
  }

  function label(row, name, colourBy) {
    if (!row) { return name + ": not in this record"; }
    return row.state + ": " + (WORDS[String(row[colourBy])] || row[colourBy]);
  }

  function paint(holder, byNumeric) {
    var colourBy = holder.getAttribute("data-colour-by");
    holder.querySelectorAll("path.country").forEach(function (path) {
      var row = byNumeric[path.getAttribute("data-numeric")];
      path.setAttribute("class", "country " + classOf(row, colourBy));
      path.querySelector("title").textContent = label(row, path.getAttribute("data-name"), colourBy);
    });
    holder.querySelector("svg").setAttribute("aria-label", "World map coloured by " + colourBy.replace("_", " "));
  }

  function draw(holder, topology, byNumeric) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
    svg.setAttribute("class", "world");
    svg.setAttribute("role", "img");
    var features = window.topojson.feature(topology, topology.objects.countries).features;
    features.forEach(function (feature) {
      if (feature.id === "010" || !feature.geometry) { return; }  // Antarctica: no member state
      var row = byNumeric[feature.id];
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("d", geometryPath(feature.geometry));
      path.setAttribute("data-numeric", feature.id);
      path.setAttribute("data-name", feature.properties.name);
      path.setAttribute("class", "country");
      if (row) {
        path.setAttribute("data-state", row.state_code);
        path.addEventListener("click", function () { window.location.href = "/states/" + row.state_code; });
      }
      path.appendChild(document.createElementNS(SVG, "title"));
      svg.appendChild(path);
    });
    holder.appendChild(svg);
    paint(holder, byNumeric);
    holder.setAttribute("data-drawn", String(features.length));
  }

  function start(holder, topology) {
    var source = document.getElementById(holder.getAttribute("data-source"));
    var byNumeric = {};
    JSON.parse(source.textContent).forEach(function (row) {
      if (row.iso_numeric) { byNumeric[row.iso_numeric] = row; }
    });
    draw(holder, topology, byNumeric);
    document.querySelectorAll("input[data-map='" + holder.id + "']").forEach(function (input) {
      input.addEventListener("change", function () {
        holder.setAttribute("data-colour-by", input.value);
        paint(holder, byNumeric);
      });
    });
  }

  var holders = document.querySelectorAll(".map[data-source]");
  if (!holders.length) { return; }
  fetch(holders[0].getAttribute("data-geometry"))
    .then(function (response) {
      if (!response.ok) { throw new Error("map geometry: HTTP " + response.status); }
      return response.json();
    })
    .then(function (topology) { holders.forEach(function (holder) { start(holder, topology); }); })
    .catch(function (error) {
      holders.forEach(function (holder) { holder.textContent = "The map could not be drawn (" + error.message + ")."; });
    });
}());
