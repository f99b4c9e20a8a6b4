import { createApp } from 'vue';
import 'meshcall/elements';
import App from './App.vue';

createApp(App).mount('#app');
