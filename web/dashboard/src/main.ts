/**
 * @module @glam/dashboard-web
 * The campaign dashboard, mounted on `#app`; built with `vite build` into `dist/app`, served by
 * Glam at `/app/`.
 */
import { mount } from 'svelte'
import App from './App.svelte'
import './styles.css'

mount(App, { target: document.getElementById('app')! })
