/* The maps: the directory's (#projects-map: the projects shown by the list's filters, from
   the GeoJSON export of the same query, clustered where they are close) and the small map of
   one place on a project's or an event's page (.place-map).

   Tiles come from PROJECT_MAP_TILES_URL (OpenStreetMap by default). When they cannot load
   (no internet, the provider down or too slow), a map keeps its points and lays them on the
   outlines of Occitanie's départements instead (static/img/occitanie-departements.svg), and
   says so. The list and the table by département, or the address written beside a small
   map, stay the alternative for keyboard and screen-reader users. */
(function () {
  "use strict";
  if (!window.L) { return; }

  // People who ask for less motion get maps that jump instead of gliding (the stylesheet turns
  // CSS transitions off for them too).
  var stillness = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function baseMap(container, options) {
    var motion = stillness ? { zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false } : {};
    var map = L.map(container, Object.assign({ scrollWheelZoom: false, minZoom: 6, maxZoom: 17 }, motion, options || {}));
    var tiles = L.tileLayer(container.dataset.tiles, {
      attribution: container.dataset.attribution || "", maxZoom: 17
    });
    var loaded = false;
    var offline = false;
    function fallBack() {
      if (offline || loaded) { return; }
      offline = true;
      map.removeLayer(tiles);
      container.classList.add("map--offline");
      var corners = (container.dataset.outlineBounds || "").split(",").map(Number);
      if (container.dataset.outlines && corners.length === 4) {
        L.imageOverlay(container.dataset.outlines, [[corners[0], corners[1]], [corners[2], corners[3]]], {
          alt: "", interactive: false
        }).addTo(map).bringToBack();
      }
      // Without tiles, one place shows best within its whole département. Not animated: while
      // Leaflet animates a zoom it ignores every other move, such as the commune a carrier picks.
      if (container.classList.contains("place-map")) { map.setZoom(8, { animate: false }); }
      var note = container.parentNode.querySelector(".map__offline");
      if (note) { note.hidden = false; }
      container.dataset.offline = "true";
    }
    tiles.on("tileload", function () { loaded = true; });
    tiles.on("tileerror", fallBack);
    tiles.addTo(map);
    window.setTimeout(function () { if (!loaded) { fallBack(); } }, 6000);
    return map;
  }

  function popup(properties) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.nom;  // text, never HTML
    box.appendChild(link);
    var place = document.createElement("p");
    place.textContent = properties.commune +
      (properties.precision === "commune" ? " (centre de la commune)" : "");
    box.appendChild(place);
    return box;
  }

  function point(latlng, precise) {
    return L.circleMarker(latlng, {
      radius: precise ? 9 : 7, color: "#fff", weight: 2,
      fillColor: precise ? "#8a2c0d" : "#1d4f91", fillOpacity: 0.95
    });
  }

  var directory = document.getElementById("projects-map");
  if (directory) {
    var map = baseMap(directory).setView([43.7, 2.2], 7);
    fetch(directory.dataset.geojson, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var clusters = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false, animate: !stillness }) : L.featureGroup();
        var points = L.geoJSON(collection, {
          pointToLayer: function (feature, latlng) { return point(latlng, feature.properties.precision === "precise"); },
          onEachFeature: function (feature, marker) { marker.bindPopup(popup(feature.properties)); }
        });
        clusters.addLayer(points).addTo(map);
        var count = points.getLayers().length;
        // Not animated, and counted once the view is set: during an animated first zoom the
        // clusters are rebuilt at its end, and a point clicked before it opened nothing.
        if (count) { map.fitBounds(points.getBounds(), { padding: [24, 24], maxZoom: 11, animate: false }); }
        directory.dataset.points = String(count);
      });
  }

  // The project form: the map follows the commune chosen; with « Emplacement précis », a
  // click on the map writes the latitude and longitude fields (still typed by those who
  // prefer), and the point follows what they hold.
  var picker = document.querySelector(".location-picker");
  if (picker) {
    var form = picker.closest("form");
    var latitude = form.querySelector("[name=latitude]");
    var longitude = form.querySelector("[name=longitude]");
    var commune = form.querySelector("[name=commune]");
    var status = picker.parentNode.querySelector(".location-picker__status");
    var pickerMap = baseMap(picker).setView([43.7, 2.2], 7);
    var marker = null;
    var precise = function () {
      var chosen = form.querySelector("[name=location_precision]:checked");
      return chosen && chosen.value === "precise";
    };
    var place = function (latlng, zoom) {
      if (marker) { marker.setLatLng(latlng); } else { marker = point(latlng, precise()).addTo(pickerMap); }
      marker.setStyle({ fillColor: precise() ? "#8a2c0d" : "#1d4f91", radius: precise() ? 9 : 7 });
      // Not animated either: the map is where the status line says as soon as it says it.
      if (zoom !== false) { pickerMap.setView(latlng, zoom || Math.max(pickerMap.getZoom(), 11), { animate: false }); }
      picker.dataset.points = "1";
    };
    var fromFields = function () {
      var lat = parseFloat(latitude.value.replace(",", "."));
      var lng = parseFloat(longitude.value.replace(",", "."));
      if (precise() && !isNaN(lat) && !isNaN(lng)) { place([lat, lng]); return true; }
      return false;
    };
    var fromCommune = function () {
      var name = commune.value.trim();
      if (name.length < 2) { return; }
      fetch(picker.dataset.communes + "?commune=" + encodeURIComponent(name), { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var options = new DOMParser().parseFromString("<datalist>" + html + "</datalist>", "text/html").querySelectorAll("option");
          var match = Array.prototype.find.call(options, function (option) { return option.value === name; }) ||
            (options.length === 1 ? options[0] : null);
          if (!match || !match.dataset.lat) { return; }
          var centre = [Number(match.dataset.lat), Number(match.dataset.lng)];
          picker.dataset.communeLat = match.dataset.lat;
          picker.dataset.communeLng = match.dataset.lng;
          if (!precise() || !latitude.value) { place(centre, 12); }
          if (status) { status.textContent = "Carte placée sur " + match.value + "."; }
        });
    };
    pickerMap.on("click", function (event) {
      if (!precise()) {
        var choice = form.querySelector("[name=location_precision][value=precise]");
        if (choice) { choice.checked = true; }
      }
      latitude.value = event.latlng.lat.toFixed(5);
      longitude.value = event.latlng.lng.toFixed(5);
      place([event.latlng.lat, event.latlng.lng], false);  // the map stays where it is
      if (status) { status.textContent = "Emplacement précis : " + latitude.value + ", " + longitude.value + "."; }
    });
    [latitude, longitude].forEach(function (field) { field.addEventListener("change", fromFields); });
    commune.addEventListener("change", fromCommune);
    form.querySelectorAll("[name=location_precision]").forEach(function (choice) {
      choice.addEventListener("change", function () {
        if (!fromFields() && picker.dataset.communeLat) {
          place([Number(picker.dataset.communeLat), Number(picker.dataset.communeLng)]);
        }
      });
    });
    if (!fromFields()) { fromCommune(); }
  }

  document.querySelectorAll(".place-map:not(.location-picker)").forEach(function (container) {
    var latlng = [Number(container.dataset.lat), Number(container.dataset.lng)];
    var precise = container.dataset.precision === "precise";
    var map = baseMap(container, { dragging: !L.Browser.mobile, tap: false }).setView(latlng, precise ? 13 : 10);
    point(latlng, precise).addTo(map);
    container.dataset.points = "1";
  });
})();
