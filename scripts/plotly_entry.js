// The dashboard's plotly.js: the core and only the trace types initiatives/charts.py draws.
// Built into static/vendor/plotly-dashboard.min.js by scripts/build_plotly.sh.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/choropleth'), // the world map of positions
    require('plotly.js/lib/scattergeo'), // markers for states too small for the map's topology
    require('plotly.js/lib/heatmap'),    // the actor-by-framework matrices and the alignment chart
    // scatter (the timelines, adoption curves, mentions per week) is part of the core
]);

module.exports = Plotly;
