import { mount } from 'svelte';
import 'meshcall/elements';
import App from './App.svelte';

mount(App, { target: /** @type {HTMLElement} */ (document.getElementById('app')) });
