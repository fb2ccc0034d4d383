import './styles/index.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { startApp } from './state/app.svelte';
import { localeState } from './state/locale.svelte';
import { paintInitialTheme } from './state/theme.svelte';

// Before the first render, from the cached choices, so the page never flashes the wrong theme or language.
paintInitialTheme();
document.documentElement.lang = localeState.current;

startApp();

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });
