// World map of a resolution's vote (or sponsors): vendored TopoJSON, Natural Earth projection,
// drawn as SVG. Nothing is fetched except the geometry file from this server.
(function () {
  "use strict";
  var holder = document.getElementById("map");
  var source = document.getElementById("map-data");
  if (!holder || !source || !window.topojson) { return; }
  var states = JSON.parse(source.textContent);
  var byNumeric = {};
  states.forEach(function (row) { if (row.iso_numeric) { byNumeric[row.iso_numeric] = row; } });
  var colourBy = holder.getAttribute("data-colour-by");
  var SVG = "http://www.w3.org/2000/svg";
  // Natural Earth data spans y from -0.98 (Tierra del Fuego) to 1.38 (84°N) in projected units.
  var WIDTH = 960, HEIGHT = 416, SCALE = 172, NORTH = 1.4;

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

  function classOf(row) {
    if (!row) { return "no-data"; }
    if (colourBy === "vote") { return "vote-" + row.vote; }
    return "role-" + row.sponsor_role;
  }

  function label(row, name) {
    if (!row) { return name + ": not in this record"; }
    return row.state + ": " + row.sponsor_role + (row.sponsor_role === "not_sponsor" || row.sponsor_role === "unknown" ? "" : " sponsor") +
      (row.vote ? ", " + row.vote : "");
  }

  function draw(topology) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
    svg.setAttribute("class", "world");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "World map coloured by " + colourBy);
    var features = window.topojson.feature(topology, topology.objects.countries).features;
    features.forEach(function (feature) {
      if (feature.id === "010" || !feature.geometry) { return; }  // Antarctica: no member state
      var row = byNumeric[feature.id];
      var path = document.createElementNS(SVG, "path");
      path.setAttribute("d", geometryPath(feature.geometry));
      path.setAttribute("class", "country " + classOf(row));
      if (row) {
        path.setAttribute("data-state", row.state_code);
        path.addEventListener("click", function () { window.location.href = "/states/" + row.state_code; });
      }
      var title = document.createElementNS(SVG, "title");
      title.textContent = label(row, feature.properties.name);
      path.appendChild(title);
      svg.appendChild(path);
    });
    holder.appendChild(svg);
    holder.setAttribute("data-drawn", String(features.length));
  }

  fetch(holder.getAttribute("data-geometry"))
    .then(function (response) {
      if (!response.ok) { throw new Error("map geometry: HTTP " + response.status); }
      return response.json();
    })
    .then(draw)
    .catch(function (error) { holder.textContent = "The map could not be drawn (" + error.message + ")."; });
}());
