/* Interactive map of the directory, only when an operator configured a tile server
   (PROJECT_MAP_TILES_URL). The SVG map and its table stay the accessible, always-present
   alternative; this one adds the projects' points (precise or commune centre). */
(function () {
  "use strict";
  var container = document.getElementById("projects-map");
  if (!container || !window.L) { return; }
  var map = L.map(container, { scrollWheelZoom: false }).setView([43.7, 2.2], 7);
  L.tileLayer(container.dataset.tiles, {
    attribution: container.dataset.attribution || "",
    maxZoom: 17
  }).addTo(map);
  fetch(container.dataset.geojson, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (collection) {
      var layer = L.geoJSON(collection, {
        pointToLayer: function (feature, latlng) {
          if (feature.properties.precision === "precise") { return L.marker(latlng); }
          return L.circleMarker(latlng, { radius: 8, color: "#8a2c0d", weight: 2 });
        },
        onEachFeature: function (feature, marker) {
          var link = document.createElement("a");
          link.href = feature.properties.url;
          link.textContent = feature.properties.nom;  // text, never HTML
          var box = document.createElement("div");
          box.appendChild(link);
          var place = document.createElement("p");
          place.textContent = feature.properties.commune +
            (feature.properties.precision === "commune" ? " (centre de la commune)" : "");
          box.appendChild(place);
          marker.bindPopup(box);
        }
      }).addTo(map);
      container.dataset.points = String(layer.getLayers().length);
    });
})();
